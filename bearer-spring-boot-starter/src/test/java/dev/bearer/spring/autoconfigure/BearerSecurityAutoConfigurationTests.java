package dev.bearer.spring.autoconfigure;

import java.time.Duration;

import dev.bearer.spring.ratelimit.FailureBudget;
import dev.bearer.spring.ratelimit.FailureBudget.Admission;
import dev.bearer.spring.ratelimit.LocalFailureBudget;
import dev.bearer.spring.ratelimit.LocalRateLimiter;
import dev.bearer.spring.ratelimit.RateLimiter;
import dev.bearer.spring.security.AuthenticationOutcomes;
import dev.bearer.spring.security.AuthenticationRecorder;
import dev.bearer.spring.security.BearerAuthenticationMetrics;
import dev.bearer.spring.security.BearerKeyResolver;
import dev.bearer.spring.security.BearerKeyVerifier;
import dev.bearer.spring.security.FailureBudgetAuditor;
import dev.bearer.spring.security.FailureBudgetMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per condition of {@link BearerSecurityAutoConfiguration}. */
class BearerSecurityAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(DataSourceAutoConfiguration.class,
			DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
			SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class, BearerAutoConfiguration.class,
			BearerRateLimitAutoConfiguration.class, BearerSecurityAutoConfiguration.class);

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS)
		.withPropertyValues("spring.datasource.generate-unique-name=true");

	@Test
	void servletApplicationGetsTheDefaultBearerChain() {
		this.runner.run(context -> {
			assertThat(context).hasSingleBean(SecurityFilterChain.class);
			assertThat(context).hasBean("bearerSecurityFilterChain");
			assertThat(context).hasSingleBean(BearerKeyVerifier.class);
			assertThat(context).hasSingleBean(BearerKeyResolver.class);
			assertThat(context).getBean(RateLimiter.class).isInstanceOf(LocalRateLimiter.class);
		});
	}

	@Test
	void defaultChainBacksOffForTheApplicationsOwnChain() {
		this.runner.withUserConfiguration(OwnChain.class).run(context -> {
			assertThat(context).hasSingleBean(SecurityFilterChain.class);
			assertThat(context).doesNotHaveBean("bearerSecurityFilterChain");
			assertThat(context).hasSingleBean(BearerKeyVerifier.class);
		});
	}

	@Test
	void nonWebApplicationGetsNoSecurityParts() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("spring.datasource.generate-unique-name=true")
			.run(context -> {
				assertThat(context).doesNotHaveBean(BearerKeyVerifier.class);
				assertThat(context).doesNotHaveBean("bearerSecurityFilterChain");
			});
	}

	@Test
	void rateLimitsCanBeSwitchedOff() {
		this.runner.withPropertyValues("bearer.rate-limit.enabled=false").run(context -> {
			assertThat(context).getBean(RateLimiter.class).isNotInstanceOf(LocalRateLimiter.class);
			assertThat(context.getBean(RateLimiter.class).tryConsume(null)).isEqualTo(Duration.ZERO);
		});
	}

	@Test
	void applicationRateLimiterReplacesTheLocalOne() {
		this.runner.withUserConfiguration(OwnRateLimiter.class)
			.run(context -> assertThat(context).getBean(RateLimiter.class)
				.isSameAs(context.getBean(OwnRateLimiter.class).limiter));
	}

	@Test
	void failureBudgetIsLocalByDefaultWithItsAuditor() {
		this.runner.run(context -> {
			assertThat(context).getBean(FailureBudget.class).isInstanceOf(LocalFailureBudget.class);
			assertThat(context).hasSingleBean(FailureBudgetAuditor.class);
		});
	}

	@Test
	void failureBudgetCanBeSwitchedOff() {
		this.runner.withPropertyValues("bearer.authentication.failure-budget.enabled=false")
			.run(context -> assertThat(context).getBean(FailureBudget.class).isSameAs(FailureBudget.UNLIMITED));
	}

	@Test
	void failureBudgetPropertiesSetItsAllowanceAndWindow() {
		this.runner
			.withPropertyValues("bearer.authentication.failure-budget.max-failures=2",
					"bearer.authentication.failure-budget.window=10m")
			.run(context -> {
				FailureBudget budget = context.getBean(FailureBudget.class);
				for (int i = 0; i < 2; i++) {
					Admission admission = budget.admit("192.0.2.1", "key-" + i);
					assertThat(admission.admitted()).isTrue();
					budget.unidentified("192.0.2.1", "key-" + i, admission);
				}
				assertThat(budget.admit("192.0.2.1", "key-2").retryAfter()).isPositive()
					.isLessThanOrEqualTo(Duration.ofMinutes(10));
			});
	}

	@Test
	void applicationFailureBudgetReplacesTheLocalOne() {
		this.runner.withUserConfiguration(OwnFailureBudget.class)
			.run(context -> assertThat(context).getBean(FailureBudget.class).isSameAs(FailureBudget.UNLIMITED));
	}

	@Test
	void failureBudgetMetricsAreBoundWithMicrometer() {
		this.runner.run(context -> {
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(FailureBudgetMetrics.class).bindTo(registry);
			assertThat(registry.get(FailureBudgetMetrics.PENDING).gauge().value()).isZero();
			assertThat(registry.get(FailureBudgetMetrics.ROWS).functionCounter().count()).isZero();
			assertThat(registry.get(FailureBudgetMetrics.CLIENTS).gauge().value()).isZero();
		});
	}

	@Test
	void authenticationOutcomesAreCountedInMicrometerWithEveryCounterRegisteredWhenBound() {
		this.runner.run(context -> {
			BearerAuthenticationMetrics metrics = context.getBean(BearerAuthenticationMetrics.class);
			MeterRegistry registry = new SimpleMeterRegistry();
			metrics.bindTo(registry);
			assertThat(registry.get(BearerAuthenticationMetrics.AUTHENTICATIONS)
				.tags("outcome", "rate_limited", "type", "pk", "environment", "live")
				.counter()
				.count()).isZero();
			assertThat(registry.get(BearerAuthenticationMetrics.AUTHENTICATIONS)
				.tags("outcome", "unknown", "type", "none", "environment", "none")
				.counter()).isNotNull();
		});
	}

	@Test
	void withoutMicrometerOutcomesAreNotCountedAndAuthenticationStillWorks() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context -> {
			assertThat(context).doesNotHaveBean(AuthenticationOutcomes.class);
			assertThat(context).hasSingleBean(AuthenticationRecorder.class);
			assertThat(context).hasBean("bearerSecurityFilterChain");
		});
	}

	@Test
	void applicationOutcomeCounterReplacesTheMicrometerOne() {
		this.runner.withUserConfiguration(OwnOutcomes.class).run(context -> {
			assertThat(context).doesNotHaveBean(BearerAuthenticationMetrics.class);
			assertThat(context).getBean(AuthenticationOutcomes.class)
				.isSameAs(context.getBean(OwnOutcomes.class).outcomes);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnOutcomes {

		final AuthenticationOutcomes outcomes = (outcome, token) -> {
		};

		@Bean
		AuthenticationOutcomes outcomes() {
			return this.outcomes;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnChain {

		@Bean
		SecurityFilterChain ownChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnFailureBudget {

		@Bean
		FailureBudget failureBudget() {
			return FailureBudget.UNLIMITED;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRateLimiter {

		final RateLimiter limiter = token -> Duration.ofSeconds(1);

		@Bean
		RateLimiter rateLimiter() {
			return this.limiter;
		}

	}

}
