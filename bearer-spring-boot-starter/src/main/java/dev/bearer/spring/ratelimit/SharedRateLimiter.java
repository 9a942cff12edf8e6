package dev.bearer.spring.ratelimit;

import java.time.Duration;
import java.util.Objects;

import dev.bearer.core.token.Token;

/**
 * A {@link RateLimiter} whose buckets every node shares ({@link SharedBuckets} on Redis
 * or the database), so a token gets its limit once across the cluster, not once per node.
 * Each request is one round trip to the backend, through a {@link SharedBackend}: while
 * the backend cannot be reached, requests are decided by {@code on-backend-failure}, this
 * node's local limiter (each counted as a fallback) or a 503
 * ({@link RateLimitBackendUnavailableException}).
 */
public final class SharedRateLimiter implements RateLimiter {

	private final SharedBackend backend;

	private final RateLimiter fallback;

	/**
	 * A limiter on {@code buckets}, deciding by {@code onBackendFailure} (with
	 * {@code fallback} for {@link OnBackendFailure#LOCAL}) while they cannot be reached,
	 * and probing them again {@code retryInterval} after each failure.
	 */
	public SharedRateLimiter(SharedBuckets buckets, RateLimiter fallback, OnBackendFailure onBackendFailure,
			Duration retryInterval) {
		this(new SharedBackend(buckets, onBackendFailure, retryInterval), fallback);
	}

	/**
	 * A limiter on {@code backend}, with {@code fallback} deciding while it cannot be
	 * reached under {@link OnBackendFailure#LOCAL}.
	 */
	public SharedRateLimiter(SharedBackend backend, RateLimiter fallback) {
		this.backend = Objects.requireNonNull(backend, "backend must not be null");
		this.fallback = Objects.requireNonNull(fallback, "fallback must not be null");
	}

	@Override
	public Duration tryConsume(Token token) {
		return consume(token).retryAfter();
	}

	@Override
	public RateLimitStatus consume(Token token) {
		Integer perMinute = token.rateLimitPerMinute();
		if (perMinute == null) {
			return RateLimitStatus.ALLOWED;
		}
		RateLimitPolicy policy = RateLimitPolicy.perMinute(perMinute);
		return this.backend.call((buckets) -> TokenBuckets.status(policy,
				buckets.bucket(TokenBuckets.key(token, policy), () -> TokenBuckets.configuration(policy))
					.tryConsumeAndReturnRemaining(1)),
				() -> this.fallback.consume(token));
	}

	/** The shared backend's name, e.g. {@code redis}. */
	public String backend() {
		return this.backend.backend();
	}

	/**
	 * Decisions this node made without the backend (rate limits and quotas on it alike),
	 * because it could not be reached.
	 */
	public long fallbacks() {
		return this.backend.fallbacks();
	}

	/** Whether the backend counts as unreachable now. */
	public boolean isBackendDown() {
		return this.backend.isDown();
	}

}
