package dev.bearer.core.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.bearer.core.audit.AuditMaintenanceReport.DroppedPartition;
import dev.bearer.core.schedule.PeriodicTask;
import dev.bearer.core.schema.BearerSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upkeep of the audit log table, run now and then every interval on a thread of its own:
 * on PostgreSQL it creates the monthly partitions of the current and the next
 * {@value #MONTHS_AHEAD} months, with a retention it removes the rows older than the
 * retention, lifecycle and request rows alike, and with a rollup retention it deletes the
 * dated usage rollups older than that (in batches on every database; the all-history
 * totals stay). PostgreSQL drops whole partitions whose every row is older (so a row may
 * outlive the retention by up to a month) and deletes from the default partition in
 * batches; H2, MySQL and MariaDB delete in batches. What a run changed is logged at INFO.
 * Several nodes may run it at once.
 */
public final class AuditLogMaintenance implements AutoCloseable {

	/** The months after the current one whose partitions are created ahead of time. */
	public static final int MONTHS_AHEAD = 2;

	private static final Logger logger = LoggerFactory.getLogger(AuditLogMaintenance.class);

	private final BearerSchema schema;

	private final AuditMaintenanceSettings settings;

	private final Clock clock;

	private final BatchedDeletion deletion;

	private final PeriodicTask scheduler;

	/** Upkeep of {@code schema}'s audit log table, timed by {@code clock}. */
	public AuditLogMaintenance(BearerSchema schema, AuditMaintenanceSettings settings, Clock clock) {
		this.schema = schema;
		this.settings = settings;
		this.clock = clock;
		this.deletion = new BatchedDeletion(schema, settings.batchSize(), settings.batchPause());
		this.scheduler = new PeriodicTask("bearer-audit-maintenance", Duration.ZERO, settings.interval(),
				this::runLoggingFailure);
	}

	/** Starts the runs: one now, then one every interval. */
	public void start() {
		this.scheduler.start();
	}

	/**
	 * Runs the upkeep once, now, on the calling thread (one run at a time per instance).
	 * @throws org.springframework.dao.DataAccessException when the database fails; what
	 * was done before stays done
	 */
	public synchronized AuditMaintenanceReport run() {
		Instant now = this.clock.instant();
		Optional<MonthlyAuditPartitions> partitions = this.schema.dialect()
			.monthlyPartitions()
			.map(sql -> new MonthlyAuditPartitions(this.schema, sql));
		List<String> created = List.of();
		if (partitions.isPresent()) {
			YearMonth current = YearMonth.from(now.atOffset(ZoneOffset.UTC));
			created = partitions.get().createThrough(current, current.plusMonths(MONTHS_AHEAD));
			if (!created.isEmpty()) {
				logger.info("Created audit log partitions {}", String.join(", ", created));
			}
		}
		Duration retention = this.settings.retention();
		List<DroppedPartition> dropped = List.of();
		BatchedDeletion.Deleted deleted = BatchedDeletion.Deleted.NONE;
		if (retention != null) {
			Instant cutoff = now.minus(retention);
			String kept = described(retention);
			dropped = partitions.map(monthly -> monthly.dropBefore(cutoff)).orElse(List.of());
			if (!dropped.isEmpty()) {
				logger.info("Audit retention {}: dropped partitions older than {}: {}", kept, cutoff,
						dropped.stream()
							.map(partition -> partition.name() + " (" + partition.rows() + " rows)")
							.collect(Collectors.joining(", ")));
			}
			String table = partitions.map(MonthlyAuditPartitions::defaultPartition)
				.orElse(this.schema.auditLogsTable());
			deleted = this.deletion.deleteBefore(table, "created_at", cutoff);
			if (deleted.rows() > 0) {
				logger.info("Audit retention {}: deleted {} rows older than {} from {} in {} statements", kept,
						deleted.rows(), cutoff, table, deleted.statements());
			}
		}
		long rollupRows = (this.settings.rollupRetention() != null)
				? deleteRollups(now.minus(this.settings.rollupRetention())) : 0;
		return new AuditMaintenanceReport(created, dropped, deleted.rows(), deleted.statements(), rollupRows);
	}

	/**
	 * Deletes the dated rollup rows whose whole period (15 minutes, an hour, a UTC day)
	 * ends at or before {@code cutoff}; the all-history totals stay.
	 * @return the rows deleted
	 */
	private long deleteRollups(Instant cutoff) {
		long second = cutoff.getEpochSecond();
		String kept = described(this.settings.rollupRetention());
		long rows = 0;
		for (RollupPeriod period : List.of(
				new RollupPeriod(this.schema.rollupBucketsTable(), "bucket_start", UsageRollups.BUCKET_SECONDS, 1),
				new RollupPeriod(this.schema.rollupHoursTable(), "hour_start", UsageRollups.SECONDS_PER_HOUR, 1),
				new RollupPeriod(this.schema.rollupIpsTable(), "epoch_day", UsageRollups.SECONDS_PER_DAY,
						UsageRollups.SECONDS_PER_DAY))) {
			long bound = Math.floorDiv(second, period.seconds()) * period.seconds() / period.unit();
			BatchedDeletion.Deleted deleted = this.deletion.deleteBelow(period.table(), period.column(), bound);
			if (deleted.rows() > 0) {
				logger.info("Rollup retention {}: deleted {} rows older than {} from {} in {} statements", kept,
						deleted.rows(), cutoff, period.table(), deleted.statements());
			}
			rows += deleted.rows();
		}
		return rows;
	}

	/** {@code 90 days} for whole days, else the ISO-8601 form ({@code PT36H30M}). */
	private static String described(Duration duration) {
		return duration.equals(Duration.ofDays(duration.toDays())) ? duration.toDays() + " days" : duration.toString();
	}

	/**
	 * A dated rollup table: its time column holds multiples of {@code seconds}, counted
	 * in {@code unit} seconds.
	 */
	private record RollupPeriod(String table, String column, int seconds, int unit) {
	}

	private void runLoggingFailure() {
		try {
			run();
		}
		catch (RuntimeException ex) {
			logger.warn("Audit log maintenance of {} failed (tried again in {}): {}", this.schema.auditLogsTable(),
					this.settings.interval(), ex.toString());
		}
	}

	/** Stops the runs, interrupting one under way between two statements. */
	@Override
	public void close() {
		this.scheduler.stop();
	}

}
