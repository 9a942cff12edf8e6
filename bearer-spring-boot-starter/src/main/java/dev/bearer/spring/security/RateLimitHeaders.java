package dev.bearer.spring.security;

import java.time.Duration;

import dev.bearer.spring.ratelimit.RateLimitPolicy;
import dev.bearer.spring.ratelimit.RateLimitStatus;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers) of a
 * {@link RateLimitStatus}: {@code RateLimit-Policy: "per-minute";q=120;w=60} (the quota
 * and its window in seconds) and {@code RateLimit: "per-minute";r=37;t=12} (the requests
 * left and the seconds until the allowance is whole again). A token with a calendar quota
 * announces it as a second policy in the same fields ({@code "daily"} or
 * {@code "monthly"}). A status without a policy writes nothing.
 */
final class RateLimitHeaders {

	/** The field announcing the policy. */
	static final String POLICY = "RateLimit-Policy";

	/** The field announcing the requests left. */
	static final String LIMIT = "RateLimit";

	private RateLimitHeaders() {
	}

	/**
	 * Sets both fields on {@code response}, one list member for each of {@code statuses}
	 * that names its policy ({@code null}s skipped); nothing if none does.
	 */
	static void write(HttpServletResponse response, RateLimitStatus... statuses) {
		StringBuilder policies = null;
		StringBuilder limits = null;
		for (RateLimitStatus status : statuses) {
			if (status == null || status.policy() == null) {
				continue;
			}
			if (policies == null) {
				policies = new StringBuilder();
				limits = new StringBuilder();
			}
			else {
				policies.append(", ");
				limits.append(", ");
			}
			policies.append(policy(status));
			limits.append(limit(status));
		}
		if (policies != null) {
			response.setHeader(POLICY, policies.toString());
			response.setHeader(LIMIT, limits.toString());
		}
	}

	private static String policy(RateLimitStatus status) {
		RateLimitPolicy policy = status.policy();
		return "\"" + policy.name() + "\";q=" + policy.quota() + ";w=" + policy.window().toSeconds();
	}

	private static String limit(RateLimitStatus status) {
		return "\"" + status.policy().name() + "\";r=" + Math.max(0, status.remaining()) + ";t="
				+ seconds(status.reset());
	}

	private static long seconds(Duration duration) {
		return (duration.toMillis() + 999) / 1000;
	}

}
