package dev.bearer.spring.ratelimit;

import java.time.Clock;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.TimeMeter;

/**
 * The application's {@link Clock} as Bucket4j's and Caffeine's time source, so tests that
 * move the clock move buckets and expiries with it.
 *
 * @param clock the clock
 */
record ClockTime(Clock clock) implements TimeMeter, Ticker {

	@Override
	public long currentTimeNanos() {
		Instant now = this.clock.instant();
		return now.getEpochSecond() * 1_000_000_000L + now.getNano();
	}

	@Override
	public boolean isWallClockBased() {
		return true;
	}

	@Override
	public long read() {
		return currentTimeNanos();
	}

}
