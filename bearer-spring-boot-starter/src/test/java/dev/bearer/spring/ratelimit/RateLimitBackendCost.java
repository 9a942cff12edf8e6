package dev.bearer.spring.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.schema.BearerSchemaMigrator;
import dev.bearer.core.test.TestDatabase;
import dev.bearer.core.test.TestRedis;
import dev.bearer.core.audit.LogAuditSink;
import dev.bearer.core.token.AfterCommitEventPublisher;
import dev.bearer.core.token.HashAlgorithm;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.Token;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenChangeBroadcast;
import dev.bearer.core.token.TokenLookupCache;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenQuota;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.token.TokenServiceSettings;
import dev.bearer.core.token.TokenTypeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What one rate-limited request costs on each backend, and what a request of a token with
 * credits costs on each database: a timed loop, one thread, one token per request round
 * (a bucket or a token row already in the backend). Not a test, and not run by default:
 * {@code BEARER_BENCH=true} with the database and Redis URLs set, e.g.
 * {@code BEARER_BENCH=true BEARER_TEST_REDIS_URL=… BEARER_TEST_POSTGRES_URL=… ./mvnw verify
 * -pl bearer-core,bearer-spring-boot-starter -Dtest=RateLimitBackendCost}. Prints the
 * median and 99th percentile per request.
 */
@EnabledIfEnvironmentVariable(named = "BEARER_BENCH", matches = "true")
class RateLimitBackendCost {

	private static final int WARM_UP = 2_000;

	private static final int REQUESTS = 10_000;

	private final Clock clock = Clock.systemUTC();

	@Test
	void measure() throws Exception {
		report("local (Bucket4j in memory)", new LocalRateLimiter(this.clock));
		try (SharedBuckets redis = RedisBuckets.of(TestRedis.get().url(),
				TestRedis.get().keyPrefix() + "bench-" + UUID.randomUUID() + ":", this.clock, Duration.ofSeconds(2))) {
			report("redis (Lettuce, compare-and-swap)", limiter(redis));
		}
		for (TestDatabase database : TestDatabase.values()) {
			try (HikariDataSource dataSource = dataSource(database.dataSourceProperties())) {
				BearerSchema schema = BearerSchema.of(dataSource);
				new BearerSchemaMigrator(schema).migrate();
				try (SharedBuckets buckets = JdbcBuckets
					.of(schema, this.clock, Duration.ofSeconds(2), new JdbcBuckets.Cleanup(Duration.ofMinutes(1), 1000),
							getClass().getClassLoader())
					.orElseThrow()) {
					report("jdbc on " + buckets.backend() + " (select for update)", limiter(buckets));
				}
				report("credits on " + schema.platform().id() + " (update, select)", creditsOf(schema));
			}
		}
	}

	private SharedRateLimiter limiter(SharedBuckets buckets) {
		return new SharedRateLimiter(buckets, new LocalRateLimiter(this.clock), OnBackendFailure.REJECT,
				Duration.ofSeconds(1));
	}

	/**
	 * A request of a token with credits enough for the run, on {@code schema}'s tokens
	 * table.
	 */
	private RateLimiter creditsOf(BearerSchema schema) {
		DataSourceTransactionManager transactions = new DataSourceTransactionManager(schema.dataSource());
		TokenService tokens = new TokenService(schema, new LogAuditSink(), TokenTypeRegistry.builtIn(),
				new TokenServiceSettings(HashAlgorithm.SHA256, 1024), new TransactionTemplate(transactions),
				new AfterCommitEventPublisher((event) -> {
				}), this.clock, TokenLookupCache.NONE, TokenChangeBroadcast.NONE);
		Token token = tokens
			.issue(IssueTokenRequest.builder(TokenOwner.of("user", 1), "bench")
				.quota(TokenQuota.credits(TokenQuota.MAX_LIMIT))
				.build())
			.token();
		QuotaLimiter quotas = new QuotaLimiter(tokens, this.clock, ZoneOffset.UTC, null);
		return (ignored) -> quotas.consume(token).retryAfter();
	}

	private static void report(String backend, RateLimiter limiter) {
		Token token = token();
		for (int i = 0; i < WARM_UP; i++) {
			limiter.consume(token);
		}
		long[] nanos = new long[REQUESTS];
		for (int i = 0; i < REQUESTS; i++) {
			long start = System.nanoTime();
			limiter.consume(token);
			nanos[i] = System.nanoTime() - start;
		}
		Arrays.sort(nanos);
		System.out.printf("%-40s median %7.1f µs   p99 %7.1f µs   (%d requests)%n", backend,
				nanos[REQUESTS / 2] / 1000.0, nanos[REQUESTS * 99 / 100] / 1000.0, REQUESTS);
	}

	private static Token token() {
		return new Token(1L, TokenOwner.of("user", 1), "bench", "sk", TokenEnvironment.TEST, "sk_test_",
				HashAlgorithm.SHA256, List.of("*"), Map.of(), List.of(), List.of(), 1_000_000_000, null, null, null,
				null, null, null, null, null);
	}

	private static HikariDataSource dataSource(Map<String, Object> properties) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl((String) properties.get("spring.datasource.url"));
		dataSource.setUsername((String) properties.get("spring.datasource.username"));
		dataSource.setPassword((String) properties.get("spring.datasource.password"));
		return dataSource;
	}

}
