package dev.bearer.spring.ratelimit;

import java.time.Duration;

import dev.bearer.core.schedule.PeriodicTask;
import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the rows of buckets that are full again from the buckets table, on a thread of
 * its own: every interval, batches of at most {@code batchSize} rows (Bucket4j's
 * {@code removeExpired}, which skips rows locked by a request), up to
 * {@value #MAX_BATCHES_PER_RUN} batches per run, so the table stays as large as the
 * tokens used lately and no run holds the database long.
 */
public final class ExpiredBucketCleaner implements AutoCloseable {

	/** The most batches one run deletes; the rest waits for the next run. */
	public static final int MAX_BATCHES_PER_RUN = 10;

	private static final Logger logger = LoggerFactory.getLogger(ExpiredBucketCleaner.class);

	private final ExpiredEntriesCleaner buckets;

	private final String table;

	private final int batchSize;

	private final PeriodicTask scheduler;

	/**
	 * A cleaner of {@code buckets} (in {@code table}), run every {@code interval} from
	 * now on.
	 */
	public ExpiredBucketCleaner(ExpiredEntriesCleaner buckets, String table, Duration interval, int batchSize) {
		if (batchSize < 1) {
			throw new IllegalArgumentException("batchSize must be positive (was " + batchSize + ")");
		}
		this.buckets = buckets;
		this.table = table;
		this.batchSize = batchSize;
		this.scheduler = new PeriodicTask("bearer-bucket-cleaner", interval, interval, this::run);
		this.scheduler.start();
	}

	/** Deletes expired rows now, in batches, and says how many. */
	public int run() {
		int deleted = 0;
		try {
			for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
				int removed = this.buckets.removeExpired(this.batchSize);
				deleted += removed;
				if (removed < this.batchSize) {
					break;
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not delete expired rate-limit buckets from {} (retried in the next run): {}", this.table,
					ex.toString());
		}
		return deleted;
	}

	/** Stops the runs. */
	@Override
	public void close() {
		this.scheduler.stop();
	}

}
