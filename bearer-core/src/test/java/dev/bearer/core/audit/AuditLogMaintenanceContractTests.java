package dev.bearer.core.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.bearer.core.CoreTestApplication;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.schema.BearerSchemaMigrator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit log upkeep against a real database, each test on tables of its own (a table
 * prefix of its own, freshly migrated): retention removes the rows older than the
 * retention, lifecycle rows like request rows, in statements of at most the batch size,
 * and two nodes applying it at once both succeed; a re-sent row is written once. One
 * short subclass per database; PostgreSQL's drops whole monthly partitions.
 */
@SpringBootTest(classes = CoreTestApplication.class)
public abstract class AuditLogMaintenanceContractTests {

	private static final List<AuditEvent> EVENTS = List.of(AuditEvent.AUTHENTICATED, AuditEvent.CREATED,
			AuditEvent.REVOKED, AuditEvent.FAILED);

	@Autowired
	private DataSource dataSource;

	/** The tables of this test, under a prefix of their own. */
	protected BearerSchema schema;

	/** This test's present, the real time (so PostgreSQL's partitions from V8 fit). */
	protected Instant now;

	private final List<Written> written = new ArrayList<>();

	private JdbcAuditWriter writer;

	private ExecutorService nodes;

	@BeforeEach
	void migrateTablesOfThisTest() {
		String prefix = "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
		this.schema = BearerSchema.of(this.dataSource, null, prefix);
		new BearerSchemaMigrator(this.schema).migrate();
		this.now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		this.writer = new JdbcAuditWriter(this.schema, new JdbcAuditWriter.Listener() {
			@Override
			public void written(int rows, long nanos) {
			}

			@Override
			public void rejected(AuditRecord record, String why) {
				throw new IllegalStateException("Rejected " + record + ": " + why);
			}
		});
		this.nodes = Executors.newFixedThreadPool(2);
	}

	@AfterEach
	void stopNodes() {
		this.nodes.shutdownNow();
	}

	/**
	 * Prepares the rows written so far for retention as the database keeps them; on
	 * PostgreSQL, gives each past month of them a partition.
	 */
	protected void partition(Instant oldest) {
	}

	/**
	 * Whether a row written at {@code createdAt} stays when retention cuts at
	 * {@code cutoff}.
	 */
	protected boolean kept(Instant createdAt, Instant cutoff) {
		return !createdAt.isBefore(cutoff);
	}

	@Test
	void retentionRemovesTheRowsOlderThanTheRetentionLifecycleRowsToo() {
		Instant oldest = writeHistory(200, 7);
		partition(oldest);
		Duration retention = Duration.ofDays(95);

		AuditMaintenanceReport report = maintenance(retention, 1000).run();

		Instant cutoff = this.now.minus(retention);
		List<String> expected = this.written.stream()
			.filter(row -> kept(row.createdAt(), cutoff))
			.map(Written::marker)
			.toList();
		assertThat(remaining()).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(expected).hasSizeLessThan(this.written.size());
		assertThat(removed(report)).isEqualTo(this.written.size() - expected.size());
	}

	@Test
	void retentionDeletesInStatementsOfAtMostTheBatchSize() {
		for (int i = 0; i < 10; i++) {
			write(this.now.minus(Duration.ofDays(100)).plusSeconds(i), AuditEvent.AUTHENTICATED);
		}
		for (int i = 0; i < 3; i++) {
			write(this.now.minus(Duration.ofMinutes(i + 1)), AuditEvent.AUTHENTICATED);
		}

		AuditMaintenanceReport report = maintenance(Duration.ofDays(30), 4).run();

		assertThat(report.deletedRows()).isEqualTo(10);
		assertThat(report.deleteStatements()).isEqualTo(3);
		assertThat(remaining()).containsExactlyInAnyOrderElementsOf(markersFrom(10));
	}

	@Test
	void withoutRetentionNoRowIsRemoved() {
		Instant oldest = writeHistory(400, 30);
		partition(oldest);

		AuditMaintenanceReport report = maintenance(null, 1000).run();

		assertThat(report.droppedPartitions()).isEmpty();
		assertThat(report.deletedRows()).isZero();
		assertThat(remaining()).hasSize(this.written.size());
	}

	@Test
	void twoNodesApplyingRetentionAtOnceBothSucceedAndRemoveEachOldRowOnce() throws Exception {
		Instant oldest = writeHistory(150, 1);
		partition(oldest);
		Duration retention = Duration.ofDays(60);
		AuditLogMaintenance first = maintenance(retention, 7);
		AuditLogMaintenance second = maintenance(retention, 7);
		CountDownLatch start = new CountDownLatch(1);

		Future<AuditMaintenanceReport> one = this.nodes.submit(() -> {
			start.await();
			return first.run();
		});
		Future<AuditMaintenanceReport> other = this.nodes.submit(() -> {
			start.await();
			return second.run();
		});
		start.countDown();

		long removed = removed(one.get(60, TimeUnit.SECONDS)) + removed(other.get(60, TimeUnit.SECONDS));
		Instant cutoff = this.now.minus(retention);
		List<String> expected = this.written.stream()
			.filter(row -> kept(row.createdAt(), cutoff))
			.map(Written::marker)
			.toList();
		assertThat(remaining()).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(removed).isEqualTo(this.written.size() - expected.size());
	}

	@Test
	void rollupRetentionDeletesTheRollupsWhosePeriodEndedBeforeItInBatchesAndKeepsTheTotals() {
		Duration rollupRetention = Duration.ofDays(400);
		long cutoff = this.now.minus(rollupRetention).getEpochSecond();
		long bucket = cutoff - Math.floorMod(cutoff, 900);
		long hour = cutoff - Math.floorMod(cutoff, 3600);
		long day = Math.floorDiv(cutoff, 86_400);
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		for (long start = bucket - 10 * 900; start <= bucket + 900; start += 900) {
			jdbc.update("insert into " + this.schema.rollupBucketsTable()
					+ " (token_id, event, bucket_start, uses) values (1, 'authenticated', ?, 1)", start);
		}
		for (long start : List.of(hour - 3600, hour)) {
			jdbc.update("insert into " + this.schema.rollupHoursTable()
					+ " (token_id, event, hour_start, uses) values (1, 'authenticated', ?, 1)", start);
		}
		for (long epochDay : List.of(day - 1, day)) {
			jdbc.update("insert into " + this.schema.rollupIpsTable()
					+ " (token_id, epoch_day, ip_address, uses) values (1, ?, '192.0.2.1', 1)", epochDay);
		}
		jdbc.update("insert into " + this.schema.rollupTotalsTable()
				+ " (token_id, event, uses) values (1, 'authenticated', 14)");

		AuditMaintenanceReport report = new AuditLogMaintenance(this.schema,
				new AuditMaintenanceSettings(Duration.ofDays(30), rollupRetention, Duration.ofHours(1), 4,
						Duration.ZERO),
				Clock.fixed(this.now, ZoneOffset.UTC))
			.run();

		assertThat(report.deletedRollupRows()).isEqualTo(10 + 1 + 1);
		assertThat(jdbc.queryForList("select bucket_start from " + this.schema.rollupBucketsTable(), Long.class))
			.containsExactlyInAnyOrder(bucket, bucket + 900);
		assertThat(jdbc.queryForList("select hour_start from " + this.schema.rollupHoursTable(), Long.class))
			.containsExactly(hour);
		assertThat(jdbc.queryForList("select epoch_day from " + this.schema.rollupIpsTable(), Long.class))
			.containsExactly(day);
		assertThat(jdbc.queryForList("select uses from " + this.schema.rollupTotalsTable(), Long.class))
			.containsExactly(14L);
	}

	@Test
	void rowWrittenTwiceIsStoredOnce() {
		AuditRecord record = new AuditRecord(null, AuditEvent.AUTHENTICATED, "192.0.2.1", "twice", Map.of(),
				this.now.minus(Duration.ofDays(40)));

		assertThat(this.writer.write(List.of(record))).isEmpty();
		assertThat(this.writer.write(List.of(record))).isEmpty();

		assertThat(remaining()).containsExactly("twice");
	}

	/**
	 * Writes rows from {@code days} days ago to now, one every {@code step} days, events
	 * mixed.
	 */
	private Instant writeHistory(int days, int step) {
		Instant oldest = this.now.minus(Duration.ofDays(days));
		for (int day = days; day >= 0; day -= step) {
			write(this.now.minus(Duration.ofDays(day)).plusSeconds(day), EVENTS.get(day % EVENTS.size()));
		}
		return oldest;
	}

	private void write(Instant createdAt, AuditEvent event) {
		String marker = "row-" + this.written.size();
		AuditRecord record = new AuditRecord(null, event, "192.0.2.1", marker, Map.of("n", this.written.size()),
				createdAt);
		assertThat(this.writer.write(List.of(record))).isEmpty();
		this.written.add(new Written(marker, createdAt));
	}

	private List<String> markersFrom(int first) {
		return this.written.subList(first, this.written.size()).stream().map(Written::marker).toList();
	}

	/** The markers of the rows still stored. */
	protected List<String> remaining() {
		return new JdbcTemplate(this.dataSource).queryForList("select user_agent from " + this.schema.auditLogsTable(),
				String.class);
	}

	/** Upkeep of this test's tables, as a node whose clock says {@link #now}. */
	protected AuditLogMaintenance maintenance(Duration retention, int batchSize) {
		return maintenance(retention, batchSize, Clock.fixed(this.now, ZoneOffset.UTC));
	}

	/** Upkeep of this test's tables, as a node with {@code clock}. */
	protected AuditLogMaintenance maintenance(Duration retention, int batchSize, Clock clock) {
		return new AuditLogMaintenance(this.schema,
				new AuditMaintenanceSettings(retention, Duration.ofHours(1), batchSize, Duration.ZERO), clock);
	}

	private static long removed(AuditMaintenanceReport report) {
		return report.deletedRows()
				+ report.droppedPartitions().stream().mapToLong(AuditMaintenanceReport.DroppedPartition::rows).sum();
	}

	private record Written(String marker, Instant createdAt) {
	}

}
