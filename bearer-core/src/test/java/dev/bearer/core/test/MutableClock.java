package dev.bearer.core.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** A clock that tests move by hand. */
public final class MutableClock extends Clock {

	private Instant now;

	/** A clock standing at {@code start}. */
	public MutableClock(Instant start) {
		this.now = start;
	}

	/**
	 * A clock standing at the current time, truncated to microseconds as databases store
	 * it.
	 */
	public static MutableClock startingNow() {
		return new MutableClock(Instant.now().truncatedTo(ChronoUnit.MICROS));
	}

	/** Moves the clock forward by {@code amount}. */
	public synchronized void advance(Duration amount) {
		this.now = this.now.plus(amount);
	}

	/** Sets the clock to {@code instant}. */
	public synchronized void set(Instant instant) {
		this.now = instant;
	}

	@Override
	public synchronized Instant instant() {
		return this.now;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("MutableClock is always UTC");
	}

}
