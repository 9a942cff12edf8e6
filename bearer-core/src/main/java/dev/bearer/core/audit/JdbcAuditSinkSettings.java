package dev.bearer.core.audit;

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
 */
public record JdbcAuditSinkSettings(int queueCapacity, int batchSize, Duration flushInterval,
		OverflowPolicy overflowPolicy, Duration offerTimeout, Duration shutdownTimeout, Duration maxRetryBackoff) {

	/**
	 * 10,000 queued rows, batches of 500, flushed every 200 ms, dropping on overflow, 30
	 * s to drain.
	 */
	public static final JdbcAuditSinkSettings DEFAULTS = new JdbcAuditSinkSettings(10_000, 500, Duration.ofMillis(200),
			OverflowPolicy.DROP, Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofSeconds(5));

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
	}

	private static void requirePositive(Duration duration, String name) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive");
		}
	}

}
