package dev.bearer.spring.security;

import java.time.Duration;

import dev.bearer.core.schema.DatabaseFailures;

/**
 * Remembers that the key store was found unreachable, so that for the probe interval keys
 * not in the lookup cache are refused at once (503) instead of each waiting for the
 * connection pool's timeout; after the interval the next lookup probes the database
 * again.
 */
final class KeyStoreOutage {

	private final long probeIntervalNanos;

	private volatile long suspectedUntilNanos;

	private volatile boolean suspected;

	KeyStoreOutage(Duration probeInterval) {
		this.probeIntervalNanos = probeInterval.toNanos();
	}

	/** Whether a lookup now would most likely wait for an unreachable database. */
	boolean suspected() {
		return this.suspected && System.nanoTime() - this.suspectedUntilNanos < 0;
	}

	/** Notes a lookup that reached the database. */
	void reached() {
		this.suspected = false;
	}

	/**
	 * Notes a lookup that failed with {@code ex}; an unreachable database opens the
	 * interval.
	 */
	void failed(RuntimeException ex) {
		if (DatabaseFailures.isUnreachable(ex)) {
			this.suspectedUntilNanos = System.nanoTime() + this.probeIntervalNanos;
			this.suspected = true;
		}
	}

}
