package dev.bearer.spring.autoconfigure;

import java.time.Clock;

import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.usage.UsageQueryService;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer's tables are migrated before any of its beans is first used: an application bean
 * that issues a token while it is being created finds them in place, also when beans are
 * initialized lazily (where nothing else would ever create the migrator).
 */
class SchemaBeforeFirstUseTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
				BearerAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true");

	@Test
	void beanIssuingATokenWhileItIsCreatedFindsBearersTablesInPlace() {
		this.runner.withUserConfiguration(IssuesWhileCreated.class).run(context -> {
			assertThat(context).hasNotFailed();
			IssuedToken issued = context.getBean(IssuedToken.class);
			assertThat(context.getBean(TokenService.class).find(issued.token().id())).isPresent();
		});
	}

	@Test
	void lazilyInitializedApplicationStillMigratesBeforeTheFirstIssue() {
		this.runner.withUserConfiguration(IssuesWhileCreated.class)
			.withPropertyValues("spring.main.lazy-initialization=true")
			.run(context -> {
				IssuedToken issued = context.getBean(IssuedToken.class);
				assertThat(context.getBean(TokenService.class).find(issued.token().id())).isPresent();
			});
	}

	@Test
	void applicationsOwnBearerBeanAlsoWaitsForTheMigrations() {
		this.runner.withUserConfiguration(OwnUsageQueries.class)
			.withPropertyValues("spring.main.lazy-initialization=true")
			.run(context -> {
				assertThat(context.getBean("auditRowsAtStartup", Long.class)).isZero();
				assertThat(context.getBeanNamesForType(UsageQueryService.class))
					.containsExactly("ownUsageQueryService");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnUsageQueries {

		@Bean
		UsageQueryService ownUsageQueryService(BearerSchema schema, Clock clock) {
			return new UsageQueryService(schema, clock);
		}

		@Bean
		Long auditRowsAtStartup(UsageQueryService usage) {
			return usage.query().count();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class IssuesWhileCreated {

		@Bean
		IssuedToken issuedWhileCreated(TokenService tokens) {
			return tokens.issue(IssueTokenRequest.builder(TokenOwner.of("service", "startup"), "startup").build());
		}

	}

}
