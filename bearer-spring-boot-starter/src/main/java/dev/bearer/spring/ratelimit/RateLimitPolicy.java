package dev.bearer.spring.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * A quota policy as the IETF {@code RateLimit-Policy} header field announces it: a name,
 * a number of requests (quota units) and the window they are allowed in.
 *
 * @param name the policy's name, e.g. {@code per-minute}
 * @param quota the requests allowed per window
 * @param window the window
 */
public record RateLimitPolicy(String name, long quota, Duration window) {

	/** The name of a token's {@code rate_limit_per_minute} policy. */
	public static final String PER_MINUTE = "per-minute";

	/** The name of a token's quota of requests per calendar day. */
	public static final String DAILY = "daily";

	/** The name of a token's quota of requests per calendar month. */
	public static final String MONTHLY = "monthly";

	/** Checks the parts. */
	public RateLimitPolicy {
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(window, "window must not be null");
		if (quota < 1) {
			throw new IllegalArgumentException("quota must be positive (was " + quota + ")");
		}
		if (window.toSeconds() < 1) {
			throw new IllegalArgumentException("window must be at least one second (was " + window + ")");
		}
	}

	/** {@code requests} per minute, refilled greedily: a token's rate limit. */
	public static RateLimitPolicy perMinute(long requests) {
		return new RateLimitPolicy(PER_MINUTE, requests, Duration.ofMinutes(1));
	}

}
