package dev.bearer.core.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link JdbcAuditSink}.
 *
 * @param queueCapacity rows that may wait to be written
 * @param batchSize most rows written in one batch
 * @param flushInterval longest a row waits before a partial batch is written
 * @param overflowPolicy what happens to a row when the queue is full
 * @param offerTimeout how long {@link OverflowPolicy#BLOCK} waits for room
 * @param shutdownTimeout how long shutdown keeps trying to write what is queued
 * @param maxRetryBackoff longest pause between retries while the database is unreachable
 * @param spoolDirectory where rows that cannot reach the database wait on disk, or
 * {@code null} for no spool
 * @param spoolMaxBytes the most bytes the spool takes on disk
 */
public record JdbcAuditSinkSettings(int queueCapacity, int batchSize, Duration flushInterval,
		OverflowPolicy overflowPolicy, Duration offerTimeout, Duration shutdownTimeout, Duration maxRetryBackoff,
		Path spoolDirectory, long spoolMaxBytes) {

	/** The default size cap of the spool: 512 MB. */
	public static final long DEFAULT_SPOOL_MAX_BYTES = 512L * 1024 * 1024;

	/**
	 * 10,000 queued rows, batches of 500, flushed every 200 ms, dropping on overflow, 30
	 * s to drain, no spool.
	 */
	public static final JdbcAuditSinkSettings DEFAULTS = new JdbcAuditSinkSettings(10_000, 500, Duration.ofMillis(200),
			OverflowPolicy.DROP, Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofSeconds(5), null,
			DEFAULT_SPOOL_MAX_BYTES);

	/** Settings without a spool. */
	public JdbcAuditSinkSettings(int queueCapacity, int batchSize, Duration flushInterval,
			OverflowPolicy overflowPolicy, Duration offerTimeout, Duration shutdownTimeout, Duration maxRetryBackoff) {
		this(queueCapacity, batchSize, flushInterval, overflowPolicy, offerTimeout, shutdownTimeout, maxRetryBackoff,
				null, DEFAULT_SPOOL_MAX_BYTES);
	}

	/** Validates the settings. */
	public JdbcAuditSinkSettings {
		if (queueCapacity < 1 || batchSize < 1) {
			throw new IllegalArgumentException("queueCapacity and batchSize must be at least 1");
		}
		Objects.requireNonNull(overflowPolicy, "overflowPolicy must not be null");
		requirePositive(flushInterval, "flushInterval");
		requirePositive(offerTimeout, "offerTimeout");
		requirePositive(shutdownTimeout, "shutdownTimeout");
		requirePositive(maxRetryBackoff, "maxRetryBackoff");
		if (spoolMaxBytes < 1) {
			throw new IllegalArgumentException("spoolMaxBytes must be positive");
		}
	}

	/**
	 * These settings with a spool of at most {@code maxBytes} bytes in {@code directory}.
	 */
	public JdbcAuditSinkSettings withSpool(Path directory, long maxBytes) {
		return new JdbcAuditSinkSettings(this.queueCapacity, this.batchSize, this.flushInterval, this.overflowPolicy,
				this.offerTimeout, this.shutdownTimeout, this.maxRetryBackoff, directory, maxBytes);
	}

	private static void requirePositive(Duration duration, String name) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive");
		}
	}

}
