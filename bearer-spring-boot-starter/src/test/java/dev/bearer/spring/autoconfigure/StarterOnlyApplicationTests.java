package dev.bearer.spring.autoconfigure;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that only uses Bearer gets no in-memory user with a generated password,
 * and no warning about it; one that configures that user still gets it. The applications
 * run without the OAuth2 classes of this module's test classpath, which would hide Boot's
 * user anyway.
 */
@ExtendWith(OutputCaptureExtension.class)
class StarterOnlyApplicationTests {

	@Test
	void applicationThatOnlyUsesBearerHasNoGeneratedUserAndLogsNoPassword(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(context.getBeanNamesForType(UserDetailsService.class)).isEmpty();
		}
		assertThat(output).doesNotContain("Using generated security password");
	}

	@Test
	void applicationThatOnlyUsesBearerHasItsTablesAndIndexesAfterStart() {
		try (ConfigurableApplicationContext context = start()) {
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			assertThat(jdbc.queryForList("select lower(table_name) from information_schema.tables "
					+ "where lower(table_name) like 'bearer%'", String.class))
				.containsExactlyInAnyOrder("bearer_tokens", "bearer_token_groups", "bearer_token_audit_logs",
						"bearer_rate_limit_buckets", "bearer_token_changes", "bearer_timed_revocations",
						"bearer_expiry_warnings", "bearer_schema_history", "bearer_audit_rollup_buckets",
						"bearer_audit_rollup_ips", "bearer_audit_rollup_totals", "bearer_audit_rollup_ip_totals",
						"bearer_audit_rollup_mark", "bearer_audit_rollup_ranges", "bearer_audit_rollup_hours");
			assertThat(jdbc.queryForList("select lower(index_name) from information_schema.indexes "
					+ "where lower(table_name) like 'bearer_t%'", String.class))
				.contains("bearer_tokens_owner_idx", "bearer_tokens_group_idx", "bearer_tokens_type_env_idx",
						"bearer_token_groups_owner_idx", "bearer_audit_token_event_time_id_idx",
						"bearer_audit_event_time_idx", "bearer_audit_time_idx", "bearer_token_changes_time_idx",
						"bearer_tokens_parent_idx", "bearer_timed_revocations_due_idx", "bearer_tokens_expires_idx")
				.doesNotContain("bearer_audit_token_event_time_idx");
		}
	}

	@Test
	void applicationThatConfiguresTheUserStillGetsIt() {
		try (ConfigurableApplicationContext context = start("--spring.security.user.password=configured")) {
			assertThat(context.getBeanNamesForType(UserDetailsService.class)).hasSize(1);
		}
	}

	private static ConfigurableApplicationContext start(String... args) {
		FilteredClassLoader withoutOAuth2 = new FilteredClassLoader("org.springframework.security.oauth2");
		return new SpringApplicationBuilder(OnlyBearerApplication.class)
			.resourceLoader(new DefaultResourceLoader(withoutOAuth2))
			.properties("server.port=0", "spring.main.banner-mode=off", "spring.datasource.generate-unique-name=true")
			.run(args);
	}

	/** An application with Bearer's starter and nothing of its own. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class OnlyBearerApplication {

	}

}
