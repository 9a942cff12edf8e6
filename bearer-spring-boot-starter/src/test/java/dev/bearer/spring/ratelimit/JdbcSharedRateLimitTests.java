package dev.bearer.spring.ratelimit;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import java.time.Duration;

import javax.sql.DataSource;

import dev.bearer.core.test.SwitchableDataSource;
import dev.bearer.core.test.TestDatabase;
import dev.bearer.core.token.IssuedToken;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared rate limits in Bearer's database ({@code bearer.rate-limit.backend=jdbc}); the
 * outage tests take each node's data source offline.
 */
abstract class JdbcSharedRateLimitTests extends SharedRateLimitContractTests {

	private final TestDatabase database;

	JdbcSharedRateLimitTests(TestDatabase database) {
		this.database = database;
	}

	@Override
	protected Map<String, Object> backendProperties() {
		Map<String, Object> properties = new HashMap<>(this.database.dataSourceProperties());
		properties.put("bearer.rate-limit.backend", "jdbc");
		properties.put("bearer.rate-limit.jdbc.cleanup-interval", "200ms");
		return properties;
	}

	@Test
	void bucketRowsExpireOnceFullAgainAndTheCleanerDeletesThem() throws Exception {
		ConfigurableApplicationContext node = node();
		IssuedToken token = Nodes.issue(node, 60);
		IssuedToken other = Nodes.issue(node, 60);
		new Nodes().get(node, token);
		new Nodes().get(node, other);
		JdbcTemplate jdbc = node.getBean(JdbcTemplate.class);
		String id = "rate:" + token.token().id() + ":60";
		Long expiresAt = jdbc.queryForObject("select expires_at from bearer_rate_limit_buckets where id = ?",
				Long.class, id);
		// one request of 60 a minute is refilled in a second, then the bucket is kept ten
		assertThat(expiresAt).isBetween(System.currentTimeMillis(), System.currentTimeMillis() + 11_000);

		jdbc.update("update bearer_rate_limit_buckets set expires_at = 0 where id = ?", id);
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (count(jdbc, id) > 0 && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}

		assertThat(count(jdbc, id)).isZero();
		assertThat(count(jdbc, "rate:" + other.token().id() + ":60")).isOne();
	}

	private static int count(JdbcTemplate jdbc, String id) {
		return jdbc.queryForObject("select count(*) from bearer_rate_limit_buckets where id = ?", Integer.class, id);
	}

	@Override
	protected void cutBackend(ConfigurableApplicationContext... nodes) {
		setReachable(false, nodes);
	}

	@Override
	protected void restoreBackend(ConfigurableApplicationContext... nodes) {
		setReachable(true, nodes);
	}

	private static void setReachable(boolean reachable, ConfigurableApplicationContext... nodes) {
		for (ConfigurableApplicationContext node : nodes) {
			try {
				node.getBean(DataSource.class).unwrap(SwitchableDataSource.class).setReachable(reachable);
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

}
