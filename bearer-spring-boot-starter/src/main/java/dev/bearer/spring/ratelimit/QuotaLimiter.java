package dev.bearer.spring.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.OptionalLong;

import dev.bearer.core.token.Token;
import dev.bearer.core.token.TokenQuota;
import dev.bearer.core.token.TokenService;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Enforces tokens' quotas besides their per-minute rate. A quota per calendar day or
 * month (in the configured zone) is a Bucket4j bucket per token and period, keyed by the
 * token's id, the quota and the period's first instant, so every node counts into the
 * same bucket and a past period's bucket expires: on the rate limits' shared backend when
 * there is one (through its {@link SharedBackend}, with the same outage policy), else in
 * this JVM. Credits are counted in the tokens table on every backend (one conditional
 * update per request, through {@link TokenService#takeCredit}), because only the database
 * keeps them through restarts whichever backend is chosen.
 */
public final class QuotaLimiter {

	private final TokenService tokens;

	private final Clock clock;

	private final ZoneId zone;

	private final LocalQuotaBuckets local;

	private final SharedBackend shared;

	/**
	 * A limiter counting calendar quotas in {@code zone} on {@code shared}, or in this
	 * JVM when it is {@code null}, and credits through {@code tokens}.
	 */
	public QuotaLimiter(TokenService tokens, Clock clock, ZoneId zone, SharedBackend shared) {
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.zone = Objects.requireNonNull(zone, "zone must not be null");
		this.local = new LocalQuotaBuckets(clock);
		this.shared = shared;
	}

	/**
	 * Takes one request from the token's quota and tells what is left.
	 * @throws RateLimitBackendUnavailableException when the shared backend cannot be
	 * reached under {@code on-backend-failure=reject}
	 */
	public QuotaStatus consume(Token token) {
		TokenQuota quota = token.quota();
		if (quota == null) {
			return QuotaStatus.NONE;
		}
		if (quota.isCredits()) {
			OptionalLong left = this.tokens.takeCredit(token.id());
			return credits(quota, left.isPresent(), left.orElse(0));
		}
		return calendar(token, (bucket, window, now) -> {
			ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
			return new QuotaStatus(quota, probe.isConsumed(), probe.getRemainingTokens(), window.remainingAt(now),
					window.length());
		});
	}

	/**
	 * What is left of the token's quota, without using any of it (for a usage view).
	 */
	public QuotaStatus peek(Token token) {
		TokenQuota quota = token.quota();
		if (quota == null) {
			return QuotaStatus.NONE;
		}
		if (quota.isCredits()) {
			long left = this.tokens.remainingCredits(token.id()).orElse(0);
			return credits(quota, left > 0, left);
		}
		return calendar(token, (bucket, window, now) -> {
			long left = bucket.getAvailableTokens();
			return new QuotaStatus(quota, left > 0, left, window.remainingAt(now), window.length());
		});
	}

	private QuotaStatus calendar(Token token, BucketQuery query) {
		TokenQuota quota = token.quota();
		Instant now = this.clock.instant();
		CalendarWindow window = CalendarWindow.of(quota.period(), this.zone, now);
		String key = "quota:" + token.id() + ":" + quota.period().code() + ":" + quota.limit() + ":"
				+ window.start().getEpochSecond();
		BucketConfiguration configuration = BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(quota.limit()).refillIntervally(quota.limit(), window.length()))
			.build();
		if (this.shared == null) {
			return query.ask(this.local.bucket(key, configuration, window.end()), window, now);
		}
		return this.shared.call((buckets) -> query.ask(buckets.bucket(key, () -> configuration), window, now),
				() -> query.ask(this.local.bucket(key, configuration, window.end()), window, now));
	}

	private static QuotaStatus credits(TokenQuota quota, boolean allowed, long left) {
		return new QuotaStatus(quota, allowed, left, Duration.ZERO, Duration.ZERO);
	}

	/** A question to a calendar period's bucket. */
	@FunctionalInterface
	private interface BucketQuery {

		QuotaStatus ask(Bucket bucket, CalendarWindow window, Instant now);

	}

}
