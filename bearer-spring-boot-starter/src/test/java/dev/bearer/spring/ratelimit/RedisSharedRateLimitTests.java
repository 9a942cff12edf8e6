package dev.bearer.spring.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import dev.bearer.core.test.OnRedis;
import dev.bearer.core.test.TcpProxy;
import dev.bearer.core.test.TestRedis;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenQuota;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared rate limits in Redis through Bearer's own client
 * ({@code bearer.rate-limit.redis.url}), reached through a proxy the outage tests cut;
 * the nodes' tokens live in one in-memory H2 database.
 */
@OnRedis
class RedisSharedRateLimitTests extends SharedRateLimitContractTests {

	private final TcpProxy proxy = TcpProxy.to(TestRedis.get().host(), TestRedis.get().port());

	private final String database = "jdbc:h2:mem:nodes-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	private final String keyPrefix = TestRedis.get().keyPrefix() + UUID.randomUUID() + ":";

	@Override
	protected Map<String, Object> backendProperties() {
		return Map.of("spring.datasource.url", this.database, "bearer.rate-limit.backend", "redis",
				"bearer.rate-limit.redis.url", "redis://127.0.0.1:" + this.proxy.port(),
				"bearer.rate-limit.redis.key-prefix", this.keyPrefix);
	}

	@Test
	void bucketKeyExpiresOnceTheBucketIsFullAgain() {
		IssuedToken token = Nodes.issue(node(), 60);
		new Nodes().get(node(), token);

		RedisClient client = RedisClient.create(TestRedis.get().url());
		try (StatefulRedisConnection<String, String> redis = client.connect()) {
			Long millis = redis.sync().pttl(this.keyPrefix + "rate:" + token.token().id() + ":60");
			// one request of 60 a minute is refilled in a second, then the key is kept
			// ten
			assertThat(millis).isBetween(1L, 11_000L);
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void quotaBucketKeyIsNamedByItsDayAndExpiresOnceTheDayIsOver() {
		IssuedToken token = Nodes.issue(node(), TokenQuota.perDay(5));
		Instant now = node().getBean(Clock.class).instant();
		new Nodes().get(node(), token);

		Instant dayStart = LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
		long untilMidnight = Duration.between(now, dayStart.plus(Duration.ofDays(1))).toMillis();
		RedisClient client = RedisClient.create(TestRedis.get().url());
		try (StatefulRedisConnection<String, String> redis = client.connect()) {
			Long millis = redis.sync()
				.pttl(this.keyPrefix + "quota:" + token.token().id() + ":day:5:" + dayStart.getEpochSecond());
			// kept past the day's end (never lost within it), gone a day after its first
			// use
			assertThat(millis).isBetween(untilMidnight, Duration.ofDays(1).plusSeconds(10).toMillis());
		}
		finally {
			client.shutdown();
		}
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
