package dev.bearer.spring.autoconfigure;

import java.time.Duration;
import java.util.Map;

import dev.bearer.core.test.OnRedis;
import dev.bearer.core.test.TcpProxy;
import dev.bearer.core.test.TestRedis;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenResolution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes with the application's Spring Data Redis connection (the auto-configuration
 * the other tests exclude is switched back on): changes travel through Redis pub/sub.
 * Node B reaches Redis through a proxy that the outage test cuts: B falls back to the
 * cache's time-to-live, counts the outage, and hears changes again once Redis is back.
 */
@OnRedis
class RedisCacheInvalidationTests extends CacheInvalidationContractTests {

	private static final Duration TIME_TO_LIVE = Duration.ofSeconds(5);

	private static final TokenOwner OWNER = TokenOwner.of("user", 16);

	private TcpProxy proxy;

	@Override
	protected Map<String, Object> nodeProperties(String name) {
		TestRedis redis = TestRedis.get();
		String url = redis.url();
		if (name.equals("b")) {
			this.proxy = TcpProxy.to(redis.host(), redis.port());
			url = "redis://127.0.0.1:" + this.proxy.port();
		}
		return Map.of("spring.datasource.url", "jdbc:h2:mem:" + CHANNEL + ";DB_CLOSE_DELAY=-1",
				"spring.datasource.username", "sa", "spring.data.redis.url", url, "spring.data.redis.timeout", "1s",
				"bearer.cache.time-to-live", TIME_TO_LIVE.toSeconds() + "s", "spring.autoconfigure.exclude", "");
	}

	@Override
	protected String expectedChannel() {
		return "redis";
	}

	@AfterAll
	void closeProxy() {
		this.proxy.close();
	}

	@Test
	void outageFallsBackToTheTimeToLiveIsCountedAndRecovers() {
		double failures = failures(this.nodeB);
		this.proxy.cut();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> !channel(this.nodeB).isConnected());
			assertThat(failures(this.nodeB)).isGreaterThan(failures);
			IssuedToken missed = tokens(this.nodeA).issue(IssueTokenRequest.builder(OWNER, "revoked unheard").build());
			cacheOn(this.nodeB, missed);

			tokens(this.nodeA).revoke(missed.token().id(), "leaked");

			assertThat(tokens(this.nodeB).resolve(missed.plaintext())).as("cached, the revocation unheard")
				.isInstanceOf(TokenResolution.Resolved.class);
			assertThat(untilRefused(this.nodeB, missed.plaintext(), TIME_TO_LIVE.plusSeconds(2)))
				.isGreaterThan(Duration.ofSeconds(1));
		}
		finally {
			this.proxy.restore();
		}
		awaitConnected(this.nodeB);
		IssuedToken heard = issueOnACachedOnB("revoked after");
		tokens(this.nodeA).revoke(heard.token().id(), "leaked");
		assertThat(untilRefused(this.nodeB, heard.plaintext(), Duration.ofSeconds(5)))
			.isLessThan(Duration.ofSeconds(1));
	}

}
