package dev.bearer.spring.ratelimit;

import java.time.Duration;
import java.util.Objects;

import dev.bearer.core.token.Token;

/**
 * A {@link RateLimiter} whose buckets every node shares ({@link SharedBuckets} on Redis
 * or the database), so a token gets its limit once across the cluster, not once per node.
 * Each request is one round trip to the backend (tried again, up to
 * {@value #MAX_ATTEMPTS_WHEN_BUSY} times, when the database was busy with the same
 * bucket: a lock wait that timed out, a deadlock). While the backend cannot be reached,
 * requests are decided by {@code on-backend-failure}: this node's local limiter (each
 * counted as a fallback) or a 503 ({@link RateLimitBackendUnavailableException}); the
 * backend is probed again once per retry interval and used again as soon as it answers.
 */
public final class SharedRateLimiter implements RateLimiter {

	/**
	 * How often a request is tried on a backend that is busy with the same bucket (a lock
	 * wait timed out, a deadlock) before it counts as a failure.
	 */
	static final int MAX_ATTEMPTS_WHEN_BUSY = 3;

	private final SharedBuckets buckets;

	private final RateLimiter fallback;

	private final OnBackendFailure onBackendFailure;

	private final BackendOutage outage;

	/**
	 * A limiter on {@code buckets}, deciding by {@code onBackendFailure} (with
	 * {@code fallback} for {@link OnBackendFailure#LOCAL}) while they cannot be reached,
	 * and probing them again {@code retryInterval} after each failure.
	 */
	public SharedRateLimiter(SharedBuckets buckets, RateLimiter fallback, OnBackendFailure onBackendFailure,
			Duration retryInterval) {
		this.buckets = Objects.requireNonNull(buckets, "buckets must not be null");
		this.fallback = Objects.requireNonNull(fallback, "fallback must not be null");
		this.onBackendFailure = Objects.requireNonNull(onBackendFailure, "onBackendFailure must not be null");
		this.outage = new BackendOutage(buckets.backend(), (onBackendFailure == OnBackendFailure.LOCAL)
				? "each node counts on its own" : "requests with a rate limit are answered 503", retryInterval);
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
		if (this.outage.shouldTry()) {
			for (int attempt = 1;; attempt++) {
				try {
					RateLimitStatus status = TokenBuckets.status(policy,
							this.buckets
								.bucket(TokenBuckets.key(token, policy), () -> TokenBuckets.configuration(policy))
								.tryConsumeAndReturnRemaining(1));
					this.outage.reached();
					return status;
				}
				catch (RuntimeException ex) {
					if (attempt >= MAX_ATTEMPTS_WHEN_BUSY || !BackendFailures.isBusy(ex)) {
						this.outage.failed(ex);
						break;
					}
				}
			}
		}
		if (this.onBackendFailure == OnBackendFailure.REJECT) {
			throw new RateLimitBackendUnavailableException(this.buckets.backend());
		}
		this.outage.fellBack();
		return this.fallback.consume(token);
	}

	/** The shared backend's name, e.g. {@code redis}. */
	public String backend() {
		return this.buckets.backend();
	}

	/**
	 * Requests this node decided without the backend, because it could not be reached.
	 */
	public long fallbacks() {
		return this.outage.fallbacks();
	}

	/** Whether the backend counts as unreachable now. */
	public boolean isBackendDown() {
		return this.outage.isDown();
	}

}
