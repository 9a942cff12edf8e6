package dev.bearer.spring.autoconfigure;

import java.util.List;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.jpaapp.Widget;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer in an application that uses JPA itself: Bearer has no entities, so the
 * application's {@code ddl-auto} never touches Bearer's tables; token changes join the
 * application's {@link JpaTransactionManager}; JPA and JDBC beans are created after
 * Bearer's migrations.
 */
class ApplicationJpaTests {

	private static final TokenOwner OWNER = TokenOwner.of("user", 1);

	private final String url = "jdbc:h2:mem:jpa-app-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class, BearerAutoConfiguration.class))
		.withUserConfiguration(JpaApplication.class)
		.withPropertyValues("spring.datasource.url=" + this.url, "spring.datasource.generate-unique-name=false");

	@Test
	void applicationDdlAutoCreateDropLeavesBearersTablesAndRowsAlone() {
		this.runner.withPropertyValues("spring.jpa.hibernate.ddl-auto=create-drop").run(context -> {
			assertThat(context.getBean(EntityManagerFactory.class).getMetamodel().getEntities())
				.extracting(type -> type.getJavaType().getName())
				.containsExactly(Widget.class.getName());
			context.getBean(TokenService.class).issue(IssueTokenRequest.builder(OWNER, "survivor").build());
		});

		JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(this.url, "sa", ""));
		List<String> tables = jdbc.queryForList(
				"select lower(table_name) from information_schema.tables where table_schema = 'PUBLIC'", String.class);
		assertThat(tables)
			.contains("bearer_tokens", "bearer_token_groups", "bearer_token_audit_logs", "bearer_schema_history")
			.doesNotContain("widget");
		assertThat(jdbc.queryForObject("select count(*) from bearer_tokens", Long.class)).isEqualTo(1);
		assertThat(jdbc.queryForObject("select event from bearer_token_audit_logs", String.class)).isEqualTo("created");
	}

	@Test
	void tokenChangeAndItsAuditRowRollBackWithTheApplicationsJpaTransaction() {
		this.runner.withPropertyValues("spring.jpa.hibernate.ddl-auto=create").run(context -> {
			PlatformTransactionManager transactionManager = context.getBean(PlatformTransactionManager.class);
			assertThat(transactionManager).isInstanceOf(JpaTransactionManager.class);
			EntityManager entityManager = SharedEntityManagerCreator
				.createSharedEntityManager(context.getBean(EntityManagerFactory.class));
			TokenService tokens = context.getBean(TokenService.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);

			new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
				entityManager.persist(new Widget("rolled back"));
				tokens.issue(IssueTokenRequest.builder(OWNER, "rolled back").build());
				status.setRollbackOnly();
			});
			assertThat(jdbc.queryForObject("select count(*) from widget", Long.class)).isZero();
			assertThat(jdbc.queryForObject("select count(*) from bearer_tokens", Long.class)).isZero();
			assertThat(jdbc.queryForObject("select count(*) from bearer_token_audit_logs", Long.class)).isZero();

			new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
				entityManager.persist(new Widget("committed"));
				tokens.issue(IssueTokenRequest.builder(OWNER, "committed").build());
			});
			assertThat(jdbc.queryForObject("select count(*) from widget", Long.class)).isOne();
			assertThat(jdbc.queryForObject("select count(*) from bearer_tokens", Long.class)).isOne();
			assertThat(jdbc.queryForObject("select count(*) from bearer_token_audit_logs", Long.class)).isOne();
		});
	}

	@Test
	void jdbcAndJpaBeansOfTheApplicationAreCreatedAfterBearersMigrations() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(StartupReaders.class)
			.web(WebApplicationType.NONE)
			.run("--spring.datasource.url=" + this.url, "--spring.jpa.hibernate.ddl-auto=create-drop")) {
			assertThat(context.getBean(StartupReaders.class).tokensSeenByJdbc).isZero();
			assertThat(context.getBean(StartupReaders.class).tokensSeenByJpa).isZero();
		}
	}

	/** The application: its own entity package. */
	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = Widget.class)
	static class JpaApplication {

	}

	/**
	 * An application whose own beans read Bearer's tables while the context starts,
	 * through JDBC and through JPA; their definitions come before every auto-configured
	 * one.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@AutoConfigurationPackage(basePackageClasses = Widget.class)
	static class StartupReaders {

		long tokensSeenByJdbc = -1;

		long tokensSeenByJpa = -1;

		@Bean
		Object jdbcReader(JdbcTemplate jdbc) {
			this.tokensSeenByJdbc = jdbc.queryForObject("select count(*) from bearer_tokens", Long.class);
			return new Object();
		}

		@Bean
		Object jpaReader(EntityManagerFactory entityManagerFactory) {
			try (EntityManager entityManager = entityManagerFactory.createEntityManager()) {
				this.tokensSeenByJpa = ((Number) entityManager.createNativeQuery("select count(*) from bearer_tokens")
					.getSingleResult()).longValue();
			}
			return new Object();
		}

	}

}
