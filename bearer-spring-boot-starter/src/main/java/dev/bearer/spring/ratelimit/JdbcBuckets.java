package dev.bearer.spring.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.schema.DatabasePlatform;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;

import org.springframework.util.ClassUtils;

/**
 * {@link SharedBuckets} in Bearer's database, in the table its migrations create
 * ({@link BearerSchema#rateLimitBucketsTable()}): Bucket4j's PostgreSQL backend on
 * PostgreSQL and its MySQL backend on MySQL and MariaDB, each a
 * {@code SELECT … FOR UPDATE} transaction per request. Rows of buckets that are full
 * again are deleted by a {@link ExpiredBucketCleaner} in bounded batches. Bucket4j has no
 * H2 backend.
 */
public final class JdbcBuckets {

	/** The class of Bucket4j's PostgreSQL module ({@code bucket4j_jdk17-postgresql}). */
	public static final String POSTGRESQL_MODULE = "io.github.bucket4j.postgresql.Bucket4jPostgreSQL";

	private JdbcBuckets() {
	}

	/**
	 * Buckets in {@code schema}'s database, or empty on H2.
	 * @param clock the application's clock
	 * @param timeout the timeout of each statement
	 * @param cleanup how often, and in batches of how many rows, expired buckets are
	 * deleted
	 * @param classLoader where Bucket4j's modules are looked for
	 * @throws IllegalStateException on PostgreSQL, when Bucket4j's PostgreSQL module is
	 * not on the class path
	 */
	public static Optional<SharedBuckets> of(BearerSchema schema, Clock clock, Duration timeout, Cleanup cleanup,
			ClassLoader classLoader) {
		DatabasePlatform platform = schema.platform();
		if (platform == DatabasePlatform.H2) {
			return Optional.empty();
		}
		boolean postgres = platform == DatabasePlatform.POSTGRESQL;
		if (postgres && !ClassUtils.isPresent(POSTGRESQL_MODULE, classLoader)) {
			throw new IllegalStateException("bearer.rate-limit.backend=jdbc on postgresql needs "
					+ "com.bucket4j:bucket4j_jdk17-postgresql on the class path");
		}
		String table = schema.rateLimitBucketsTable();
		ProxyManager<String> proxyManager = postgres ? Postgres.proxyManager(schema.dataSource(), table, clock, timeout)
				: new MySqlBucketProxyManager(schema.dataSource(), table,
						ProxyManagers.clientSideConfig(clock, timeout));
		ExpiredBucketCleaner cleaner = new ExpiredBucketCleaner((ExpiredEntriesCleaner) proxyManager, table,
				cleanup.interval(), cleanup.batchSize());
		return Optional.of(new SharedBuckets(platform.id(), proxyManager, "", cleaner));
	}

	/**
	 * When expired buckets are deleted.
	 *
	 * @param interval the time between two runs
	 * @param batchSize the rows one statement deletes at most
	 */
	public record Cleanup(Duration interval, int batchSize) {

	}

	/** Bucket4j's PostgreSQL module, loaded only when it is used. */
	private static final class Postgres {

		static ProxyManager<String> proxyManager(DataSource dataSource, String table, Clock clock, Duration timeout) {
			return ProxyManagers
				.configure(Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
					.primaryKeyMapper(PrimaryKeyMapper.STRING)
					.table(table)
					.idColumn("id")
					.stateColumn("state")
					.expiresAtColumn("expires_at"), clock, timeout)
				.build();
		}

	}

}
