package dev.bearer.spring.autoconfigure;

import java.time.Duration;

import dev.bearer.core.audit.AuditRecord;
import dev.bearer.core.audit.AuditSink;
import dev.bearer.core.token.Token;
import dev.bearer.core.token.TokenLookupCache;
import dev.bearer.core.usage.UsageQueryService;
import dev.bearer.spring.actuate.BearerEndpoint;
import dev.bearer.spring.actuate.BearerHealthIndicator;
import dev.bearer.spring.ratelimit.RateLimiter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per condition of {@link BearerActuatorAutoConfiguration}. */
class BearerActuatorAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
				SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
				ApplicationAvailabilityAutoConfiguration.class, EndpointAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, BearerAutoConfiguration.class,
				BearerRateLimitAutoConfiguration.class, BearerSecurityAutoConfiguration.class,
				BearerActuatorAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true");

	private final WebApplicationContextRunner exposed = this.runner
		.withPropertyValues("management.endpoints.web.exposure.include=health,bearer");

	@Test
	void exposedEndpointAndHealthIndicatorArePresentWithActuator() {
		this.exposed.run(context -> {
			assertThat(context).hasSingleBean(BearerEndpoint.class);
			assertThat(context).hasSingleBean(BearerHealthIndicator.class);
			assertThat(context).hasBean("bearerHealthIndicator");
			BearerEndpoint.BearerDescriptor bearer = context.getBean(BearerEndpoint.class).bearer();
			assertThat(bearer.audit().sink()).isEqualTo("jdbc");
			assertThat(bearer.audit().writer()).isNotNull();
			assertThat(bearer.cache().enabled()).isTrue();
			assertThat(bearer.rateLimit()).isEqualTo(new BearerEndpoint.RateLimitDescriptor("local", true, null, null));
			assertThat(bearer.cache().invalidation().channel()).isEqualTo("poll");
		});
	}

	@Test
	void endpointIsAbsentUntilExposed() {
		this.runner.run(context -> {
			assertThat(context).doesNotHaveBean(BearerEndpoint.class);
			assertThat(context).hasSingleBean(BearerHealthIndicator.class);
		});
	}

	@Test
	void endpointIsAbsentWhenItsAccessIsNone() {
		this.exposed.withPropertyValues("management.endpoint.bearer.access=NONE")
			.run(context -> assertThat(context).doesNotHaveBean(BearerEndpoint.class));
	}

	@Test
	void healthIndicatorIsAbsentWhenSwitchedOff() {
		this.exposed.withPropertyValues("management.health.bearer.enabled=false").run(context -> {
			assertThat(context).doesNotHaveBean(BearerHealthIndicator.class);
			assertThat(context).hasSingleBean(BearerEndpoint.class);
		});
	}

	@Test
	void endpointIsAbsentWithoutActuatorsEndpointClasses() {
		this.exposed.withClassLoader(new FilteredClassLoader(Endpoint.class)).run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(BearerEndpoint.class);
		});
	}

	@Test
	void healthIndicatorIsAbsentWithoutActuatorsHealthClasses() {
		this.exposed.withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(BearerHealthIndicator.class);
			assertThat(context).hasSingleBean(BearerEndpoint.class);
		});
	}

	@Test
	void applicationBeansReplaceTheEndpointAndTheHealthIndicator() {
		this.exposed.withUserConfiguration(OwnActuatorBeans.class).run(context -> {
			assertThat(context).hasSingleBean(BearerEndpoint.class);
			assertThat(context).hasBean("ownBearerEndpoint");
			assertThat(context.getBean(BearerEndpoint.class).bearer().audit().sink()).isEqualTo("mine");
			assertThat(context).doesNotHaveBean(BearerHealthIndicator.class);
			assertThat(context.getBean("bearerHealthIndicator", HealthIndicator.class).health().getStatus())
				.isEqualTo(Status.OUT_OF_SERVICE);
		});
	}

	@Test
	void queueThresholdOutsideZeroToOneStopsStartup() {
		this.runner.withPropertyValues("bearer.audit.health.queue-threshold=1.5")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("bearer.audit.health.queue-threshold must be between 0 and 1 (was 1.5)"));
	}

	@Test
	void logAndNoneDriversAreNamedAndHaveNoWriter() {
		this.exposed.withPropertyValues("bearer.audit.driver=log").run(context -> {
			assertThat(context.getBean(BearerEndpoint.class).bearer().audit())
				.isEqualTo(new BearerEndpoint.AuditDescriptor("log", null));
			assertThat(context.getBean(BearerHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
		});
		this.exposed.withPropertyValues("bearer.audit.driver=none")
			.run(context -> assertThat(context.getBean(BearerEndpoint.class).bearer().audit())
				.isEqualTo(new BearerEndpoint.AuditDescriptor("none", null)));
	}

	@Test
	void applicationSinkAndRateLimiterAreNamedByClass() {
		this.exposed.withUserConfiguration(OwnSinkAndLimiter.class).run(context -> {
			BearerEndpoint.BearerDescriptor bearer = context.getBean(BearerEndpoint.class).bearer();
			assertThat(bearer.audit()).isEqualTo(new BearerEndpoint.AuditDescriptor(QueueSink.class.getName(), null));
			assertThat(bearer.rateLimit())
				.isEqualTo(new BearerEndpoint.RateLimitDescriptor(SharedLimiter.class.getName(), true, null, null));
		});
	}

	@Test
	void switchedOffRateLimitsAndCacheAreReportedAsOff() {
		this.exposed.withPropertyValues("bearer.rate-limit.enabled=false", "bearer.cache.enabled=false")
			.run(context -> {
				BearerEndpoint.BearerDescriptor bearer = context.getBean(BearerEndpoint.class).bearer();
				assertThat(bearer.rateLimit())
					.isEqualTo(new BearerEndpoint.RateLimitDescriptor("local", false, null, null));
				assertThat(bearer.cache()).isEqualTo(new BearerEndpoint.CacheDescriptor(false, null, null, null,
						new BearerEndpoint.InvalidationDescriptor("none", null, null, null)));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnActuatorBeans {

		@Bean
		BearerEndpoint ownBearerEndpoint(UsageQueryService usage) {
			return new BearerEndpoint(usage, new QueueSink(), "mine", TokenLookupCache.NONE, null, null);
		}

		@Bean
		HealthIndicator bearerHealthIndicator() {
			return () -> Health.outOfService().build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnSinkAndLimiter {

		@Bean
		AuditSink queueSink() {
			return new QueueSink();
		}

		@Bean
		RateLimiter sharedLimiter() {
			return new SharedLimiter();
		}

	}

	static class QueueSink implements AuditSink {

		@Override
		public void write(AuditRecord record) {
		}

	}

	static class SharedLimiter implements RateLimiter {

		@Override
		public Duration tryConsume(Token token) {
			return Duration.ZERO;
		}

	}

}
