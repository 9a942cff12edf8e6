package dev.bearer.spring.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * What a token's rate limit said about one request: whether it is allowed and, when the
 * limiter knows them, the policy, the requests left and when the allowance is whole again
 * (the IETF {@code RateLimit-Policy} and {@code RateLimit} header fields). A status
 * without a policy carries no header fields but {@code Retry-After} on a refusal.
 *
 * @param allowed whether the request may go on
 * @param policy the policy that decided, or {@code null} when the limiter does not tell
 * @param remaining the requests left in the window after this one
 * @param reset how long until the allowance is whole again
 * @param retryAfter {@link Duration#ZERO} when allowed, else how long until the next
 * request would be
 */
public record RateLimitStatus(boolean allowed, RateLimitPolicy policy, long remaining, Duration reset,
		Duration retryAfter) {

	/** Allowed, with nothing to announce (no limit, or a limiter that does not tell). */
	public static final RateLimitStatus ALLOWED = new RateLimitStatus(true, null, 0, Duration.ZERO, Duration.ZERO);

	/** Checks the parts. */
	public RateLimitStatus {
		Objects.requireNonNull(reset, "reset must not be null");
		Objects.requireNonNull(retryAfter, "retryAfter must not be null");
		if (allowed != retryAfter.isZero()) {
			throw new IllegalArgumentException("An allowed request has no retryAfter, a refused one has one");
		}
	}

	/**
	 * Allowed by {@code policy}, with {@code remaining} requests left until
	 * {@code reset}.
	 */
	public static RateLimitStatus allowed(RateLimitPolicy policy, long remaining, Duration reset) {
		return new RateLimitStatus(true, Objects.requireNonNull(policy, "policy must not be null"), remaining, reset,
				Duration.ZERO);
	}

	/**
	 * Refused by {@code policy} until {@code retryAfter}; whole again after
	 * {@code reset}.
	 */
	public static RateLimitStatus refused(RateLimitPolicy policy, Duration reset, Duration retryAfter) {
		return new RateLimitStatus(false, Objects.requireNonNull(policy, "policy must not be null"), 0, reset,
				retryAfter);
	}

	/** Refused until {@code retryAfter}, by a limiter that tells nothing else. */
	public static RateLimitStatus refused(Duration retryAfter) {
		return new RateLimitStatus(false, null, 0, Duration.ZERO, retryAfter);
	}

}
