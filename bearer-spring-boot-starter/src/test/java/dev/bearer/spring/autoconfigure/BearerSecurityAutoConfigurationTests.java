package dev.bearer.spring.autoconfigure;

import java.time.Duration;

import dev.bearer.spring.ratelimit.LocalRateLimiter;
import dev.bearer.spring.ratelimit.RateLimiter;
import dev.bearer.spring.security.BearerTokenAuthenticator;
import dev.bearer.spring.security.BearerTokenResolver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
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
			DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class, SecurityAutoConfiguration.class,
			ServletWebSecurityAutoConfiguration.class, BearerAutoConfiguration.class,
			BearerSecurityAutoConfiguration.class);

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
		.withPropertyValues("spring.datasource.generate-unique-name=true");

	@Test
	void servletApplicationGetsTheDefaultBearerChain() {
		this.runner.run(context -> {
			assertThat(context).hasSingleBean(SecurityFilterChain.class);
			assertThat(context).hasBean("bearerSecurityFilterChain");
			assertThat(context).hasSingleBean(BearerTokenAuthenticator.class);
			assertThat(context).hasSingleBean(BearerTokenResolver.class);
			assertThat(context).getBean(RateLimiter.class).isInstanceOf(LocalRateLimiter.class);
		});
	}

	@Test
	void defaultChainBacksOffForTheApplicationsOwnChain() {
		this.runner.withUserConfiguration(OwnChain.class).run(context -> {
			assertThat(context).hasSingleBean(SecurityFilterChain.class);
			assertThat(context).doesNotHaveBean("bearerSecurityFilterChain");
			assertThat(context).hasSingleBean(BearerTokenAuthenticator.class);
		});
	}

	@Test
	void nonWebApplicationGetsNoSecurityParts() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("spring.datasource.generate-unique-name=true")
			.run(context -> {
				assertThat(context).doesNotHaveBean(BearerTokenAuthenticator.class);
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

	@Configuration(proxyBeanMethods = false)
	static class OwnChain {

		@Bean
		SecurityFilterChain ownChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
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
