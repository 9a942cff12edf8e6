package dev.bearer.core.audit;

import java.time.Duration;

/**
 * Settings of {@link AuditLogMaintenance}.
 *
 * @param retention how long audit rows are kept, or {@code null} to keep them forever
 * @param rollupRetention how long the dated usage rollups (15-minute buckets, hours, IP
 * days) are kept, or {@code null} to keep them forever; at least {@code retention} when
 * both are set
 * @param interval the time between two runs
 * @param batchSize the most rows one delete statement removes
 * @param batchPause the pause between two delete statements of a run
 */
public record AuditMaintenanceSettings(Duration retention, Duration rollupRetention, Duration interval, int batchSize,
		Duration batchPause) {

	/** The default time between two runs. */
	public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);

	/** The default most rows one delete statement removes. */
	public static final int DEFAULT_BATCH_SIZE = 10_000;

	/** The default pause between two delete statements. */
	public static final Duration DEFAULT_BATCH_PAUSE = Duration.ofMillis(100);

	/**
	 * Rows and rollups kept forever, a run every hour, batches of 10,000 rows 100 ms
	 * apart.
	 */
	public static final AuditMaintenanceSettings DEFAULTS = new AuditMaintenanceSettings(null, null, DEFAULT_INTERVAL,
			DEFAULT_BATCH_SIZE, DEFAULT_BATCH_PAUSE);

	/** Validates the settings. */
	public AuditMaintenanceSettings {
		if (retention != null && (retention.isNegative() || retention.isZero())) {
			throw new IllegalArgumentException("retention must be positive (was " + retention + ")");
		}
		if (rollupRetention != null && (rollupRetention.isNegative() || rollupRetention.isZero())) {
			throw new IllegalArgumentException("rollupRetention must be positive (was " + rollupRetention + ")");
		}
		if (retention != null && rollupRetention != null && rollupRetention.compareTo(retention) < 0) {
			throw new IllegalArgumentException("rollupRetention must not be shorter than retention (was "
					+ rollupRetention + " and " + retention + "): rollups outlive raw rows");
		}
		if (interval == null || interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("interval must be positive (was " + interval + ")");
		}
		if (batchSize < 1) {
			throw new IllegalArgumentException("batchSize must be at least 1 (was " + batchSize + ")");
		}
		if (batchPause == null || batchPause.isNegative()) {
			throw new IllegalArgumentException("batchPause must not be negative (was " + batchPause + ")");
		}
	}

	/** Settings that keep the rollups forever. */
	public AuditMaintenanceSettings(Duration retention, Duration interval, int batchSize, Duration batchPause) {
		this(retention, null, interval, batchSize, batchPause);
	}

	/** These settings with rows kept for {@code retention} ({@code null}: forever). */
	public AuditMaintenanceSettings withRetention(Duration retention) {
		return new AuditMaintenanceSettings(retention, this.rollupRetention, this.interval, this.batchSize,
				this.batchPause);
	}

	/**
	 * These settings with the dated rollups kept for {@code rollupRetention}
	 * ({@code null}: forever).
	 */
	public AuditMaintenanceSettings withRollupRetention(Duration rollupRetention) {
		return new AuditMaintenanceSettings(this.retention, rollupRetention, this.interval, this.batchSize,
				this.batchPause);
	}

}
