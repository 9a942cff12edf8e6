package dev.bearer.spring.ratelimit;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bearer.core.token.Token;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * A {@link RateLimiter} with one Bucket4j bucket per token in this JVM: {@code n}
 * requests per minute, refilled greedily. Each node counts on its own; idle buckets are
 * forgotten after ten minutes. Time comes from the application's {@link Clock}.
 */
public final class LocalRateLimiter implements RateLimiter {

	private final Cache<BucketKey, Bucket> buckets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(10))
		.maximumSize(100_000)
		.build();

	private final TimeMeter timeMeter;

	/** A limiter whose buckets refill by {@code clock}. */
	public LocalRateLimiter(Clock clock) {
		this.timeMeter = new ClockTime(clock);
	}

	@Override
	public Duration tryConsume(Token token) {
		Integer perMinute = token.rateLimitPerMinute();
		if (perMinute == null) {
			return Duration.ZERO;
		}
		Bucket bucket = this.buckets.get(new BucketKey(token.id(), perMinute), key -> newBucket(perMinute));
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
	}

	private Bucket newBucket(int perMinute) {
		return Bucket.builder()
			.addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
			.withCustomTimePrecision(this.timeMeter)
			.build();
	}

	private record BucketKey(long tokenId, int perMinute) {
	}

}
