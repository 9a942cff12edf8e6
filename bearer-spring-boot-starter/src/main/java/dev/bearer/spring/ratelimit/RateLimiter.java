package dev.bearer.spring.ratelimit;

import java.time.Duration;

import dev.bearer.core.token.Token;

/**
 * Decides whether a token may make one more request now (the backend SPI: local, or
 * shared across nodes).
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

}
