package dev.bearer.spring.security;

import java.time.Duration;

import dev.bearer.spring.ratelimit.RateLimitPolicy;
import dev.bearer.spring.ratelimit.RateLimitStatus;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers) of a
 * {@link RateLimitStatus}: {@code RateLimit-Policy: "per-minute";q=120;w=60} (the quota
 * and its window in seconds) and {@code RateLimit: "per-minute";r=37;t=12} (the requests
 * left and the seconds until the allowance is whole again). A status without a policy
 * writes nothing.
 */
final class RateLimitHeaders {

	/** The field announcing the policy. */
	static final String POLICY = "RateLimit-Policy";

	/** The field announcing the requests left. */
	static final String LIMIT = "RateLimit";

	private RateLimitHeaders() {
	}

	/** Sets both fields on {@code response}, if {@code status} names its policy. */
	static void write(HttpServletResponse response, RateLimitStatus status) {
		RateLimitPolicy policy = (status != null) ? status.policy() : null;
		if (policy == null) {
			return;
		}
		String name = "\"" + policy.name() + "\"";
		response.setHeader(POLICY, name + ";q=" + policy.quota() + ";w=" + policy.window().toSeconds());
		response.setHeader(LIMIT, name + ";r=" + Math.max(0, status.remaining()) + ";t=" + seconds(status.reset()));
	}

	private static long seconds(Duration duration) {
		return (duration.toMillis() + 999) / 1000;
	}

}
