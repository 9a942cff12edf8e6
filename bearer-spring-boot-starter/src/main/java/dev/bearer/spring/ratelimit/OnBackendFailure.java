package dev.bearer.spring.ratelimit;

/**
 * What a shared rate limiter does while its backend (Redis or the database) cannot be
 * reached: {@code bearer.rate-limit.on-backend-failure}.
 */
public enum OnBackendFailure {

	/**
	 * Counts on this node alone, in its local buckets, until the backend is back; each
	 * request counted so is a fallback in {@link RateLimitMetrics#FALLBACKS}.
	 */
	LOCAL,

	/** Answers 503: no request goes through while its limit cannot be checked. */
	REJECT

}
