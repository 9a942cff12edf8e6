package dev.bearer.spring.autoconfigure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import javax.sql.DataSource;

import dev.bearer.core.audit.AuditSink;
import dev.bearer.core.audit.JdbcAuditSink;
import dev.bearer.core.audit.JdbcAuditSinkSettings;
import dev.bearer.core.audit.LogAuditSink;
import dev.bearer.core.schema.BearerSchemaMigrator;
import dev.bearer.core.token.CaffeineTokenLookupCache;
import dev.bearer.core.token.TokenLookupCache;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.token.TokenTypeRegistry;
import dev.bearer.core.usage.UsageQueryService;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per condition of {@link BearerAutoConfiguration}. */
class BearerAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				DataJpaRepositoriesAutoConfiguration.class, TransactionAutoConfiguration.class,
				BearerAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true", "spring.jpa.hibernate.ddl-auto=validate",
				"spring.jpa.properties.hibernate.type.json_format_mapper=jackson3");

	@Test
	void defaultsProvideTokenServiceJdbcSinkCacheAndMigrations() {
		this.runner.run(context -> {
			assertThat(context).hasSingleBean(TokenService.class);
			assertThat(context).hasSingleBean(UsageQueryService.class);
			assertThat(context).hasSingleBean(BearerSchemaMigrator.class);
			assertThat(context).getBean(AuditSink.class).isInstanceOf(JdbcAuditSink.class);
			assertThat(context).getBean(TokenLookupCache.class).isInstanceOf(CaffeineTokenLookupCache.class);
			assertThat(context.getBean(Clock.class).getZone()).isEqualTo(ZoneOffset.UTC);
		});
	}

	@Test
	void existingSchemaOfAnApplicationWithoutFlywayIsLeftToItself() throws Exception {
		String url = "jdbc:h2:mem:existing-app;DB_CLOSE_DELAY=-1";
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				Statement statement = connection.createStatement()) {
			statement.execute("create table customer (id bigint primary key)");
		}

		this.runner.withPropertyValues("spring.datasource.url=" + url, "spring.datasource.generate-unique-name=false")
			.run(context -> {
				assertThat(context).hasNotFailed();
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.queryForList("select lower(table_name) from information_schema.tables", String.class))
					.contains("customer", "bearer_tokens", "bearer_schema_history")
					.doesNotContain("flyway_schema_history");
			});
		assertThat(ClassUtils.isPresent("org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration", null))
			.as("the starter must not bring Boot's Flyway auto-configuration")
			.isFalse();
	}

	@Test
	void auditPropertyDefaultsAreTheWritersDefaults() {
		assertThat(new BearerProperties().getAudit().toSinkSettings()).isEqualTo(JdbcAuditSinkSettings.DEFAULTS);
	}

	@Test
	void applicationAuditSinkReplacesTheDriver() {
		this.runner.withUserConfiguration(OwnSink.class).run(context -> {
			assertThat(context).hasSingleBean(AuditSink.class);
			assertThat(context).getBean(AuditSink.class).isSameAs(context.getBean(OwnSink.class).sink);
		});
	}

	@Test
	void logDriverWritesToSlf4j() {
		this.runner.withPropertyValues("bearer.audit.driver=log")
			.run(context -> assertThat(context).getBean(AuditSink.class).isInstanceOf(LogAuditSink.class));
	}

	@Test
	void noneDriverDiscards() {
		this.runner.withPropertyValues("bearer.audit.driver=none").run(context -> {
			assertThat(context).hasSingleBean(AuditSink.class);
			assertThat(context).doesNotHaveBean(JdbcAuditSink.class);
			assertThat(context).doesNotHaveBean(LogAuditSink.class);
		});
	}

	@Test
	void migrationsCanBeSwitchedOff() {
		this.runner.withPropertyValues("bearer.schema.migrate=false", "spring.jpa.hibernate.ddl-auto=none")
			.run(context -> assertThat(context).doesNotHaveBean(BearerSchemaMigrator.class));
	}

	@Test
	void cacheCanBeSwitchedOff() {
		this.runner.withPropertyValues("bearer.cache.enabled=false")
			.run(context -> assertThat(context).getBean(TokenLookupCache.class).isSameAs(TokenLookupCache.NONE));
	}

	@Test
	void applicationClockIsUsed() {
		this.runner.withUserConfiguration(FixedClock.class)
			.run(context -> assertThat(context).getBean(Clock.class).isSameAs(context.getBean(FixedClock.class).clock));
	}

	@Test
	void customTypesComeFromProperties() {
		this.runner
			.withPropertyValues("bearer.types.ci.abilities=builds:run", "bearer.types.ci.lifetime=1h",
					"bearer.types.ci.rate-limit-per-minute=30", "bearer.types.ci.environments=test",
					"bearer.types.ci.server-side-only=true")
			.run(context -> assertThat(context.getBean(TokenTypeRegistry.class).find("ci")).hasValueSatisfying(type -> {
				assertThat(type.defaultAbilities()).containsExactly("builds:run");
				assertThat(type.defaultRateLimitPerMinute()).isEqualTo(30);
				assertThat(type.serverSideOnly()).isTrue();
			}));
	}

	@Test
	void overridingOneSettingOfABuiltInTypeKeepsItsOtherDefaults() {
		this.runner.withPropertyValues("bearer.types.pk.lifetime=7d")
			.run(context -> assertThat(context.getBean(TokenTypeRegistry.class).find("pk")).hasValueSatisfying(type -> {
				assertThat(type.defaultLifetime()).isEqualTo(Duration.ofDays(7));
				assertThat(type.defaultAbilities()).containsExactly("read");
				assertThat(type.defaultRateLimitPerMinute()).isEqualTo(1000);
				assertThat(type.serverSideOnly()).isFalse();
			}));
	}

	@Test
	void newTypeWithoutSettingsGetsTheGenericDefaults() {
		this.runner.withPropertyValues("bearer.types.ci.display-name=CI")
			.run(context -> assertThat(context.getBean(TokenTypeRegistry.class).find("ci")).hasValueSatisfying(type -> {
				assertThat(type.displayName()).isEqualTo("CI");
				assertThat(type.defaultAbilities()).containsExactly("*");
				assertThat(type.defaultLifetime()).isNull();
				assertThat(type.serverSideOnly()).isFalse();
			}));
	}

	@Test
	void invalidCustomTypeFailsStartupWithAClearMessage() {
		this.runner.withPropertyValues("bearer.types.Bad_Prefix.abilities=x")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Token type prefix"));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnSink {

		final AuditSink sink = record -> {
		};

		@Bean
		AuditSink auditSink() {
			return this.sink;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FixedClock {

		final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

		@Bean
		Clock clock() {
			return this.clock;
		}

	}

}
