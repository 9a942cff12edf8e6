package dev.bearer.spring.autoconfigure;

import java.time.Duration;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;
import dev.bearer.spring.ratelimit.LocalRateLimiter;
import dev.bearer.spring.ratelimit.RateLimitMetrics;
import dev.bearer.spring.ratelimit.RateLimiter;
import dev.bearer.spring.ratelimit.SharedBuckets;
import dev.bearer.spring.ratelimit.SharedRateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per condition of {@link BearerRateLimitAutoConfiguration}. */
@ExtendWith(OutputCaptureExtension.class)
class BearerRateLimitAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, BearerAutoConfiguration.class,
				BearerRateLimitAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true", "bearer.audit.driver=none");

	@Test
	void localBackendByDefault() {
		this.runner.run(context -> {
			assertThat(context).getBean(RateLimiter.class).isInstanceOf(LocalRateLimiter.class);
			assertThat(context).doesNotHaveBean(SharedBuckets.class);
		});
	}

	@Test
	void disabledRateLimitsLimitNothing() {
		this.runner.withPropertyValues("bearer.rate-limit.enabled=false")
			.run(context -> assertThat(context).getBean(RateLimiter.class).isSameAs(RateLimiter.UNLIMITED));
	}

	@Test
	void applicationsOwnRateLimiterWins() {
		this.runner.withUserConfiguration(OwnRateLimiter.class)
			.withPropertyValues("bearer.rate-limit.backend=redis", "bearer.rate-limit.redis.url=redis://localhost:1")
			.run(context -> assertThat(context).getBean(RateLimiter.class).isSameAs(OwnRateLimiter.LIMITER));
	}

	@Test
	void nonWebApplicationGetsNoRateLimiter() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, BearerAutoConfiguration.class,
					BearerRateLimitAutoConfiguration.class))
			.withPropertyValues("spring.datasource.generate-unique-name=true", "bearer.audit.driver=none")
			.run(context -> assertThat(context).doesNotHaveBean(RateLimiter.class));
	}

	@Test
	void redisBackendWithAUrlUsesBearersOwnClientAndConnectsOnFirstUse() {
		this.runner
			.withPropertyValues("bearer.rate-limit.backend=redis", "bearer.rate-limit.redis.url=redis://localhost:1")
			.run(context -> {
				assertThat(context).getBean(RateLimiter.class)
					.isInstanceOfSatisfying(SharedRateLimiter.class,
							limiter -> assertThat(limiter.backend()).isEqualTo("redis"));
				assertThat(context.getBeanProvider(ApplicationRedisConnector.class).getIfAvailable()).isNull();
			});
	}

	@Test
	void redisBackendWithoutAUrlUsesTheApplicationsLettuceConnection() {
		this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("bearer.rate-limit.backend=redis", "spring.data.redis.port=1")
			.run(context -> {
				assertThat(context).hasSingleBean(ApplicationRedisConnector.class);
				assertThat(context).getBean(RateLimiter.class).isInstanceOf(SharedRateLimiter.class);
			});
	}

	@Test
	void redisBackendWithoutAUrlOrAnApplicationConnectionFailsTheStart() {
		this.runner.withPropertyValues("bearer.rate-limit.backend=redis")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("bearer.rate-limit.redis.url"));
	}

	@Test
	void redisBackendWithoutSpringDataRedisNeedsAUrl() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.withPropertyValues("bearer.rate-limit.backend=redis")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("bearer.rate-limit.redis.url"));
	}

	@Test
	void redisBackendWithoutBucket4jLettuceFailsTheStartSayingWhatToAdd() {
		this.runner.withClassLoader(new FilteredClassLoader("io.github.bucket4j.redis"))
			.withPropertyValues("bearer.rate-limit.backend=redis", "bearer.rate-limit.redis.url=redis://localhost:1")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("bucket4j_jdk17-lettuce"));
	}

	@Test
	void jdbcBackendOnH2StaysLocalAndSaysSo(CapturedOutput output) {
		this.runner.withPropertyValues("bearer.rate-limit.backend=jdbc").run(context -> {
			assertThat(context).getBean(RateLimiter.class).isInstanceOf(LocalRateLimiter.class);
			assertThat(output)
				.contains("Bucket4j has no backend for h2, so rate limits are counted in each node's memory");
		});
	}

	@Test
	void metricsAreBoundWhenMicrometerIsThere() {
		this.runner.withBean(MeterRegistry.class, io.micrometer.core.instrument.simple.SimpleMeterRegistry::new)
			.run(context -> assertThat(context).hasSingleBean(RateLimitMetrics.class));
	}

	@Test
	void noMetricsWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run(context -> assertThat(context).doesNotHaveBean(RateLimitMetrics.class));
	}

	/** The jdbc backend on PostgreSQL. */
	@Nested
	@OnDatabase(TestDatabase.POSTGRES)
	class OnPostgres {

		@Test
		void jdbcBackendUsesBucket4jsPostgresBackend() {
			BearerRateLimitAutoConfigurationTests.this.runner
				.withPropertyValues(properties(TestDatabase.POSTGRES, "bearer.rate-limit.backend=jdbc"))
				.run(context -> assertThat(context).getBean(RateLimiter.class)
					.isInstanceOfSatisfying(SharedRateLimiter.class,
							limiter -> assertThat(limiter.backend()).isEqualTo("postgresql")));
		}

		@Test
		void jdbcBackendWithoutBucket4jsPostgresModuleFailsTheStartSayingWhatToAdd() {
			BearerRateLimitAutoConfigurationTests.this.runner
				.withClassLoader(new FilteredClassLoader("io.github.bucket4j.postgresql"))
				.withPropertyValues(properties(TestDatabase.POSTGRES, "bearer.rate-limit.backend=jdbc"))
				.run(context -> assertThat(context).getFailure()
					.rootCause()
					.hasMessageContaining("bucket4j_jdk17-postgresql"));
		}

	}

	/** The jdbc backend on MariaDB. */
	@Nested
	@OnDatabase(TestDatabase.MARIADB)
	class OnMariaDb {

		@Test
		void jdbcBackendUsesTheMySqlBackendWithoutMySqlsDriver() {
			BearerRateLimitAutoConfigurationTests.this.runner.withClassLoader(new FilteredClassLoader("com.mysql"))
				.withPropertyValues(properties(TestDatabase.MARIADB, "bearer.rate-limit.backend=jdbc"))
				.run(context -> assertThat(context).getBean(RateLimiter.class)
					.isInstanceOfSatisfying(SharedRateLimiter.class,
							limiter -> assertThat(limiter.backend()).isEqualTo("mariadb")));
		}

	}

	private static String[] properties(TestDatabase database, String... more) {
		return java.util.stream.Stream
			.concat(database.dataSourceProperties().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()),
					java.util.Arrays.stream(more))
			.toArray(String[]::new);
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRateLimiter {

		static final RateLimiter LIMITER = token -> Duration.ZERO;

		@Bean
		RateLimiter rateLimiter() {
			return LIMITER;
		}

	}

}
