package dev.bearer.spring.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;
import dev.bearer.core.token.IssuedToken;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes over PostgreSQL: changes travel through LISTEN/NOTIFY, and a listening
 * connection the server kills is replaced.
 */
@OnDatabase(TestDatabase.POSTGRES)
class PostgresCacheInvalidationTests extends CacheInvalidationContractTests {

	@Override
	protected Map<String, Object> nodeProperties(String name) {
		Map<String, Object> properties = new LinkedHashMap<>(TestDatabase.POSTGRES.dataSourceProperties());
		properties.put("spring.datasource.hikari.data-source-properties.ApplicationName", applicationName(name));
		properties.put("spring.autoconfigure.exclude", REDIS_AUTO_CONFIGURATION);
		return properties;
	}

	@Override
	protected String expectedChannel() {
		return "postgres";
	}

	@Test
	void listeningConnectionKilledByTheServerIsCountedReplacedAndTheCacheCleared() {
		IssuedToken cached = issueOnACachedOnB("cached before the outage");
		double failures = failures(this.nodeB);

		JdbcTemplate jdbc = new JdbcTemplate(this.nodeA.getBean(BearerSchema.class).dataSource());
		Integer killed = jdbc.queryForObject("select count(pg_terminate_backend(pid)) from pg_stat_activity "
				+ "where application_name = ? and query like 'listen %'", Integer.class, applicationName("b"));
		assertThat(killed).isOne();

		await().atMost(Duration.ofSeconds(10)).until(() -> failures(this.nodeB) > failures);
		awaitConnected(this.nodeB);
		assertThat(tokens(this.nodeB).resolveFromCache(cached.plaintext())).as("cleared: changes may have been missed")
			.isEmpty();
		IssuedToken afterwards = issueOnACachedOnB("revoked after the outage");
		tokens(this.nodeA).revoke(afterwards.token().id(), "leaked");
		assertThat(untilRefused(this.nodeB, afterwards.plaintext(), Duration.ofSeconds(5)))
			.isLessThan(Duration.ofSeconds(1));
	}

	private static String applicationName(String node) {
		return CHANNEL + "_" + node;
	}

}
