package dev.bearer.spring.ratelimit;

import java.time.Duration;

import dev.bearer.core.token.Token;

/**
 * Decides whether a token may make one more request now (the backend SPI: local, or
 * shared across nodes). An implementation needs only {@link #tryConsume}; overriding
 * {@link #consume} as well lets responses announce the policy and the requests left.
 */
@FunctionalInterface
public interface RateLimiter {

	/** Limits nothing: what {@code bearer.rate-limit.enabled=false} installs. */
	RateLimiter UNLIMITED = token -> Duration.ZERO;

	/**
	 * Takes one request from the token's allowance.
	 * @return {@link Duration#ZERO} when allowed, else how long until the next request
	 * would be
	 */
	Duration tryConsume(Token token);

	/**
	 * Takes one request from the token's allowance and tells what is left. By default
	 * {@link #tryConsume} without a policy, so responses carry no {@code RateLimit}
	 * header fields, only {@code Retry-After} on a refusal.
	 */
	default RateLimitStatus consume(Token token) {
		Duration retryAfter = tryConsume(token);
		return retryAfter.isZero() ? RateLimitStatus.ALLOWED : RateLimitStatus.refused(retryAfter);
	}

}
