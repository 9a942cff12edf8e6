package dev.bearer.spring.ratelimit;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bearer.core.token.Token;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

/**
 * A {@link RateLimiter} with one Bucket4j bucket per token in this JVM: {@code n}
 * requests per minute, refilled greedily. Each node counts on its own; idle buckets are
 * forgotten after ten minutes. Time comes from the application's {@link Clock}.
 */
public final class LocalRateLimiter implements RateLimiter {

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
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
		return consume(token).retryAfter();
	}

	@Override
	public RateLimitStatus consume(Token token) {
		Integer perMinute = token.rateLimitPerMinute();
		if (perMinute == null) {
			return RateLimitStatus.ALLOWED;
		}
		RateLimitPolicy policy = RateLimitPolicy.perMinute(perMinute);
		Bucket bucket = this.buckets.get(TokenBuckets.key(token, policy), key -> newBucket(policy));
		return TokenBuckets.status(policy, bucket.tryConsumeAndReturnRemaining(1));
	}

	private Bucket newBucket(RateLimitPolicy policy) {
		return Bucket.builder()
			.addLimit(TokenBuckets.bandwidth(policy))
			.withCustomTimePrecision(this.timeMeter)
			.build();
	}

}
