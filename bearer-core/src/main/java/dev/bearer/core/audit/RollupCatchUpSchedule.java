package dev.bearer.core.audit;

import java.time.Duration;
import java.util.Objects;

import dev.bearer.core.schedule.PeriodicTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link UsageRollups#catchUp()} on a thread of its own every interval, so rows that
 * reach the audit table by other ways than the writer are added to the rollups without
 * anyone asking; a failed run is logged and retried at the next one. An interval of zero
 * schedules nothing ({@link #run()} still catches up when called).
 */
public final class RollupCatchUpSchedule implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RollupCatchUpSchedule.class);

	private final UsageRollups rollups;

	private final PeriodicTask scheduler;

	/**
	 * Catches {@code rollups} up every {@code interval}, the first time one interval from
	 * now; never when {@code interval} is zero.
	 */
	public RollupCatchUpSchedule(UsageRollups rollups, Duration interval) {
		this.rollups = Objects.requireNonNull(rollups, "rollups must not be null");
		if (interval == null || interval.isNegative()) {
			throw new IllegalArgumentException("interval must not be negative, was " + interval);
		}
		if (interval.isZero()) {
			this.scheduler = null;
			return;
		}
		this.scheduler = new PeriodicTask("bearer-rollup-catch-up", interval, interval, this::run);
		this.scheduler.start();
	}

	/** Catches up now and says how many rows were added (0 when the run failed). */
	public long run() {
		try {
			long added = this.rollups.catchUp();
			if (added > 0) {
				logger.info("Added {} audit rows that did not come through the audit writer to the usage rollups",
						added);
			}
			return added;
		}
		catch (RuntimeException ex) {
			logger.warn("Could not catch the usage rollups up (retried in the next run): {}", ex.toString());
			return 0;
		}
	}

	/** Stops the runs. */
	@Override
	public void close() {
		if (this.scheduler != null) {
			this.scheduler.stop();
		}
	}

}
