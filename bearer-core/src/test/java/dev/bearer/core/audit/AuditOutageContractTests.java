package dev.bearer.core.audit;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;
import dev.bearer.core.CoreTestApplication;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.test.TcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit writer through real network faults: a TCP proxy between the writer's
 * connection pool and the database is cut while rows keep coming, and a writer process is
 * killed with SIGKILL during an outage. One subclass per database with a network server.
 */
@SpringBootTest(classes = CoreTestApplication.class)
public abstract class AuditOutageContractTests {

	private static final int PRODUCERS = 4;

	@Autowired
	private JdbcTemplate jdbc;

	@Value("${spring.datasource.url}")
	private String url;

	@Value("${spring.datasource.username:}")
	private String username;

	@Value("${spring.datasource.password:}")
	private String password;

	@TempDir
	Path spoolRoot;

	@Test
	void everyRowAcceptedThroughATenSecondOutageIsWrittenOnce() throws Exception {
		String marker = "outage-" + UUID.randomUUID();
		try (TcpProxy proxy = TcpProxy.forJdbcUrl(this.url); HikariDataSource pool = pool(proxy.jdbcUrl(this.url))) {
			JdbcAuditSink sink = new JdbcAuditSink(BearerSchema.of(pool), settings());
			sink.start();
			AtomicBoolean producing = new AtomicBoolean(true);
			AtomicLong accepted = new AtomicLong();
			List<Thread> producers = startProducers(sink, marker, producing, accepted);
			long mostSpooled = 0;
			try {
				Thread.sleep(2000);
				proxy.cut();
				long restoreAt = System.nanoTime() + Duration.ofSeconds(10).toNanos();
				while (System.nanoTime() < restoreAt) {
					mostSpooled = Math.max(mostSpooled, sink.status().spooled());
					Thread.sleep(100);
				}
				proxy.restore();
				Thread.sleep(2000);
			}
			finally {
				producing.set(false);
				for (Thread producer : producers) {
					producer.join();
				}
			}

			assertThat(sink.flush(Duration.ofSeconds(120))).isTrue();
			AuditWriterStatus status = sink.status();
			sink.stop();
			assertThat(accepted.get()).isGreaterThan(10_000);
			assertThat(mostSpooled).as("rows waiting on disk during the outage").isGreaterThan(1000);
			assertThat(status.dropped()).isZero();
			assertThat(status.failed()).isZero();
			assertThat(status.spooled()).isZero();
			assertThat(rows(marker)).isEqualTo(accepted.get());
			assertThat(distinctKeys(marker)).isEqualTo(accepted.get());
		}
	}

	@Test
	void rowsSpooledByAProcessKilledDuringAnOutageAreWrittenOnceByTheNextRun() throws Exception {
		String marker = "killed-" + UUID.randomUUID();
		int rows = 5000;
		try (TcpProxy proxy = TcpProxy.forJdbcUrl(this.url)) {
			proxy.cut();
			Process writer = new ProcessBuilder(javaExecutable(), "-cp", testClassPath(),
					SpoolingWriterProcess.class.getName(), proxy.jdbcUrl(this.url), this.username, this.password,
					this.spoolRoot.toString(), marker, Integer.toString(rows))
				.redirectErrorStream(true)
				.start();
			try {
				assertThat(awaitLine(writer, "SPOOLED " + rows)).isTrue();
			}
			finally {
				writer.destroyForcibly();
				writer.waitFor(30, TimeUnit.SECONDS);
			}
			assertThat(rows(marker)).isZero();

			proxy.restore();
			try (HikariDataSource pool = pool(proxy.jdbcUrl(this.url))) {
				JdbcAuditSink next = new JdbcAuditSink(BearerSchema.of(pool), settings());
				next.start();
				assertThat(next.flush(Duration.ofSeconds(60))).isTrue();
				AuditWriterStatus status = next.status();
				next.stop();
				assertThat(status.spooled()).isZero();
				assertThat(status.dropped()).isZero();
			}
			assertThat(rows(marker)).isEqualTo(rows);
			assertThat(distinctKeys(marker)).isEqualTo(rows);
		}
	}

	private JdbcAuditSinkSettings settings() {
		return new JdbcAuditSinkSettings(1000, 100, Duration.ofMillis(50), OverflowPolicy.DROP, Duration.ofMillis(100),
				Duration.ofSeconds(30), Duration.ofSeconds(1))
			.withSpool(this.spoolRoot, 200_000_000);
	}

	private HikariDataSource pool(String jdbcUrl) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(jdbcUrl);
		pool.setUsername(this.username);
		pool.setPassword(this.password);
		pool.setMaximumPoolSize(2);
		return pool;
	}

	/** Producers that each accept a row about every 2 ms until told to stop. */
	private static List<Thread> startProducers(JdbcAuditSink sink, String marker, AtomicBoolean producing,
			AtomicLong accepted) {
		List<Thread> producers = new ArrayList<>();
		for (int p = 0; p < PRODUCERS; p++) {
			Thread producer = new Thread(() -> {
				int i = 0;
				while (producing.get()) {
					sink.write(row(marker, i++));
					accepted.incrementAndGet();
					sleepQuietly(2);
				}
			}, "audit-producer-" + p);
			producer.start();
			producers.add(producer);
		}
		return producers;
	}

	static AuditRecord row(String marker, int i) {
		return new AuditRecord(null, AuditEvent.FAILED, "192.0.2." + (i % 250), marker, Map.of("n", i), Instant.now());
	}

	private long rows(String marker) {
		return this.jdbc.queryForObject("select count(*) from bearer_token_audit_logs where user_agent = ?", Long.class,
				marker);
	}

	private long distinctKeys(String marker) {
		return this.jdbc.queryForObject(
				"select count(distinct row_key) from bearer_token_audit_logs where user_agent = ?", Long.class, marker);
	}

	private static boolean awaitLine(Process process, String expected) throws Exception {
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = output.readLine()) != null) {
				if (line.equals(expected)) {
					return true;
				}
			}
			return false;
		}
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static String testClassPath() {
		return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
