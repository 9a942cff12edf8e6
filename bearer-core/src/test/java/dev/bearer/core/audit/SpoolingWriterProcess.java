package dev.bearer.core.audit;

import java.nio.file.Path;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.schema.DatabasePlatform;

/**
 * A writer process for {@link AuditOutageContractTests}: accepts rows while its database
 * is unreachable, prints {@code SPOOLED n} once all of them wait in the spool, and then
 * waits to be killed.
 */
public final class SpoolingWriterProcess {

	private SpoolingWriterProcess() {
	}

	/**
	 * Arguments: JDBC URL, user, password, spool directory, the rows' user-agent marker,
	 * and how many rows.
	 */
	public static void main(String[] args) throws InterruptedException {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(args[0]);
		pool.setUsername(args[1]);
		pool.setPassword(args[2]);
		pool.setInitializationFailTimeout(-1);
		pool.setConnectionTimeout(3000);
		DatabasePlatform platform = args[0].startsWith("jdbc:postgresql:") ? DatabasePlatform.POSTGRESQL
				: DatabasePlatform.MARIADB;
		JdbcAuditSink sink = new JdbcAuditSink(BearerSchema.of(pool, platform, "bearer_"),
				new JdbcAuditSinkSettings(1000, 100, Duration.ofMillis(50), OverflowPolicy.DROP, Duration.ofMillis(100),
						Duration.ofSeconds(30), Duration.ofSeconds(1))
					.withSpool(Path.of(args[3]), 200_000_000));
		sink.start();
		int rows = Integer.parseInt(args[5]);
		for (int i = 0; i < rows; i++) {
			sink.write(AuditOutageContractTests.row(args[4], i));
		}
		while (sink.status().spooled() < rows) {
			Thread.sleep(50);
		}
		System.out.println("SPOOLED " + rows);
		System.out.flush();
		Thread.sleep(Long.MAX_VALUE);
	}

}
