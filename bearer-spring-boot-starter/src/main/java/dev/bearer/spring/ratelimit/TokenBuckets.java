package dev.bearer.spring.ratelimit;

import java.time.Duration;

import dev.bearer.core.token.Token;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BandwidthBuilder;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/**
 * How a token's rate limit maps to Bucket4j, the same in every backend: the bucket's key
 * and configuration, and the status a consumption probe tells.
 */
final class TokenBuckets {

	private TokenBuckets() {
	}

	/**
	 * The key of the bucket of {@code token} under {@code policy}: by token id, with the
	 * quota, so a changed limit starts a fresh bucket and the old one expires.
	 */
	static String key(Token token, RateLimitPolicy policy) {
		return "rate:" + token.id() + ":" + policy.quota();
	}

	/** {@code policy} as a limit: the quota as capacity, refilled greedily per window. */
	static Bandwidth bandwidth(RateLimitPolicy policy) {
		return BandwidthBuilder.builder()
			.capacity(policy.quota())
			.refillGreedy(policy.quota(), policy.window())
			.build();
	}

	/** {@code policy} as the configuration of a shared bucket. */
	static BucketConfiguration configuration(RateLimitPolicy policy) {
		return BucketConfiguration.builder().addLimit(bandwidth(policy)).build();
	}

	/** What {@code probe} says under {@code policy}. */
	static RateLimitStatus status(RateLimitPolicy policy, ConsumptionProbe probe) {
		Duration reset = Duration.ofNanos(probe.getNanosToWaitForReset());
		return probe.isConsumed() ? RateLimitStatus.allowed(policy, probe.getRemainingTokens(), reset) : RateLimitStatus
			.refused(policy, reset, Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill())));
	}

}
