package dev.bearer.spring.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that guards methods with {@code @PreAuthorize} but has not enabled
 * method security does not start: the annotation would be ignored and every key would
 * pass.
 */
class MethodSecurityVerifierTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
				SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
				BearerAutoConfiguration.class, BearerRateLimitAutoConfiguration.class,
				BearerSecurityAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true");

	@Test
	void guardedMethodWithoutMethodSecurityStopsTheApplicationWithAnExplanation() {
		this.runner.withUserConfiguration(GuardedOrders.class).run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).isInstanceOfSatisfying(MethodSecurityNotEnabledException.class,
					ex -> assertThat(ex.getGuarded()).isEqualTo(Orders.class.getName() + ".list"));
			FailureAnalysis analysis = new MethodSecurityNotEnabledFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Orders.list").contains("ignore");
			assertThat(analysis.getAction()).contains("@EnableMethodSecurity");
		});
	}

	@Test
	void guardedMethodWithMethodSecurityStarts() {
		this.runner.withUserConfiguration(GuardedOrders.class, MethodSecurity.class)
			.run(context -> assertThat(context).hasNotFailed());
	}

	@Test
	void checkCanBeSwitchedOffForAnnotationsEnforcedAnotherWay() {
		this.runner.withUserConfiguration(GuardedOrders.class)
			.withPropertyValues("bearer.authentication.require-method-security=false")
			.run(context -> assertThat(context).hasNotFailed());
	}

	@Test
	void applicationWithoutGuardedMethodsStartsWithoutMethodSecurity() {
		this.runner.run(context -> assertThat(context).hasNotFailed());
	}

	/** A bean guarded the way the README shows. */
	static class Orders {

		@PreAuthorize("hasAuthority('orders:read')")
		String list() {
			return "orders";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GuardedOrders {

		@Bean
		Orders orders() {
			return new Orders();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableMethodSecurity
	@Import(GuardedOrders.class)
	static class MethodSecurity {

	}

}
