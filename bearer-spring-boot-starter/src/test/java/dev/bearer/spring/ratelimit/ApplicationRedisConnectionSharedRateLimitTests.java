package dev.bearer.spring.ratelimit;

import java.util.Map;
import java.util.UUID;

import dev.bearer.core.test.OnRedis;
import dev.bearer.core.test.TcpProxy;
import dev.bearer.core.test.TestRedis;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Shared rate limits in Redis through the application's own Spring Data Redis (Lettuce)
 * connection, with no {@code bearer.rate-limit.redis.url}: the client's reconnect
 * settings are the application's, and Bearer's request timeout bounds an outage's
 * requests.
 */
@OnRedis
class ApplicationRedisConnectionSharedRateLimitTests extends SharedRateLimitContractTests {

	private final TcpProxy proxy = TcpProxy.to(TestRedis.get().host(), TestRedis.get().port());

	private final String database = "jdbc:h2:mem:nodes-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	private final String keyPrefix = TestRedis.get().keyPrefix() + UUID.randomUUID() + ":";

	@Override
	protected Map<String, Object> backendProperties() {
		return Map.of("spring.datasource.url", this.database, "spring.autoconfigure.exclude", "",
				"spring.data.redis.host", "127.0.0.1", "spring.data.redis.port", this.proxy.port(),
				"bearer.rate-limit.backend", "redis", "bearer.rate-limit.redis.key-prefix", this.keyPrefix);
	}

	@Override
	protected String backendName() {
		return "redis";
	}

	@Override
	protected void cutBackend(ConfigurableApplicationContext... nodes) {
		this.proxy.cut();
	}

	@Override
	protected void restoreBackend(ConfigurableApplicationContext... nodes) {
		this.proxy.restore();
	}

}
