package dev.bearer.spring.ratelimit;

import java.time.Duration;
import java.util.Objects;

import dev.bearer.core.token.TokenQuota;

/**
 * What a token's quota said about one request: whether it is allowed, the requests (or
 * credits) left and, for a calendar quota, how long until the next day or month starts.
 *
 * @param quota the quota, or {@code null} when the token has none
 * @param allowed whether the request may go on
 * @param remaining the requests left in the period, or the credits left, after this one
 * @param reset how long until the next period starts; {@link Duration#ZERO} for credits,
 * which only a refill brings back
 * @param window the period's length (a day or a month in the configured zone);
 * {@link Duration#ZERO} for credits
 */
public record QuotaStatus(TokenQuota quota, boolean allowed, long remaining, Duration reset, Duration window) {

	/** No quota: allowed, nothing to announce. */
	public static final QuotaStatus NONE = new QuotaStatus(null, true, 0, Duration.ZERO, Duration.ZERO);

	/** Checks the parts. */
	public QuotaStatus {
		Objects.requireNonNull(reset, "reset must not be null");
		Objects.requireNonNull(window, "window must not be null");
	}

	/**
	 * How long until a request could be allowed again: {@link Duration#ZERO} when
	 * allowed, and for exhausted credits, which no waiting brings back.
	 */
	public Duration retryAfter() {
		return (this.allowed || this.quota.isCredits()) ? Duration.ZERO : this.reset;
	}

	/**
	 * The calendar quota as a second policy of the RateLimit header fields
	 * ({@code "daily"} or {@code "monthly"}), or {@code null} when there is none to
	 * announce (no quota, or credits, which have no window).
	 */
	public RateLimitStatus announced() {
		if (this.quota == null || this.quota.isCredits()) {
			return null;
		}
		RateLimitPolicy policy = new RateLimitPolicy(
				(this.quota.period() == TokenQuota.Period.DAY) ? RateLimitPolicy.DAILY : RateLimitPolicy.MONTHLY,
				this.quota.limit(), this.window);
		return this.allowed ? RateLimitStatus.allowed(policy, this.remaining, this.reset)
				: RateLimitStatus.refused(policy, this.reset, this.reset);
	}

}
