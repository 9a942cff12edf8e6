package dev.bearer.spring.ratelimit;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Calls on {@link SharedBuckets} as every shared limit makes them: tried again, up to
 * {@value #MAX_ATTEMPTS_WHEN_BUSY} times, when the database was busy with the same bucket
 * (a lock wait that timed out, a deadlock); while the backend cannot be reached, decided
 * by {@code on-backend-failure}: the node's local count (each counted as a fallback) or a
 * 503 ({@link RateLimitBackendUnavailableException}). The backend is probed again once
 * per retry interval and used again as soon as it answers. Rate limits, quotas and the
 * failure budget share one, so an outage is logged and counted once.
 */
public final class SharedBackend {

	/**
	 * How often a call is tried on a backend that is busy with the same bucket before it
	 * counts as a failure.
	 */
	static final int MAX_ATTEMPTS_WHEN_BUSY = 3;

	private final SharedBuckets buckets;

	private final OnBackendFailure onBackendFailure;

	private final BackendOutage outage;

	/**
	 * Calls on {@code buckets}, decided by {@code onBackendFailure} while they cannot be
	 * reached, probing them again {@code retryInterval} after each failure.
	 */
	public SharedBackend(SharedBuckets buckets, OnBackendFailure onBackendFailure, Duration retryInterval) {
		this.buckets = Objects.requireNonNull(buckets, "buckets must not be null");
		this.onBackendFailure = Objects.requireNonNull(onBackendFailure, "onBackendFailure must not be null");
		this.outage = new BackendOutage(buckets.backend(), (onBackendFailure == OnBackendFailure.LOCAL)
				? "each node counts on its own" : "requests with a rate limit or quota are answered 503",
				retryInterval);
	}

	/**
	 * What {@code call} answers on the shared buckets or, while they cannot be reached,
	 * what {@code local} answers (or a 503 under {@link OnBackendFailure#REJECT}).
	 * @throws RateLimitBackendUnavailableException when the backend cannot be reached and
	 * the policy is {@link OnBackendFailure#REJECT}
	 */
	public <T> T call(Function<SharedBuckets, T> call, Supplier<T> local) {
		return callOr(call, () -> {
			if (this.onBackendFailure == OnBackendFailure.REJECT) {
				throw new RateLimitBackendUnavailableException(this.buckets.backend());
			}
			return fallBack(local);
		});
	}

	/**
	 * What {@code call} answers on the shared buckets or, while they cannot be reached,
	 * what {@code local} answers whatever {@code on-backend-failure} says: for decisions
	 * a node can always make on its own, such as the failure budget's.
	 */
	public <T> T callOrLocal(Function<SharedBuckets, T> call, Supplier<T> local) {
		return callOr(call, () -> fallBack(local));
	}

	/**
	 * Applies {@code correction} to the shared buckets; while they cannot be reached, the
	 * correction is skipped.
	 */
	public void tryRun(Consumer<SharedBuckets> correction) {
		if (!this.outage.shouldTry()) {
			return;
		}
		try {
			correction.accept(this.buckets);
			this.outage.reached();
		}
		catch (RuntimeException ex) {
			this.outage.failed(ex);
		}
	}

	private <T> T callOr(Function<SharedBuckets, T> call, Supplier<T> unreachable) {
		if (this.outage.shouldTry()) {
			for (int attempt = 1;; attempt++) {
				try {
					T answer = call.apply(this.buckets);
					this.outage.reached();
					return answer;
				}
				catch (RuntimeException ex) {
					if (attempt >= MAX_ATTEMPTS_WHEN_BUSY || !BackendFailures.isBusy(ex)) {
						this.outage.failed(ex);
						break;
					}
				}
			}
		}
		return unreachable.get();
	}

	private <T> T fallBack(Supplier<T> local) {
		this.outage.fellBack();
		return local.get();
	}

	/** The shared backend's name, e.g. {@code redis}. */
	public String backend() {
		return this.buckets.backend();
	}

	/**
	 * Decisions this node made without the backend, because it could not be reached.
	 */
	public long fallbacks() {
		return this.outage.fallbacks();
	}

	/** Whether the backend counts as unreachable now. */
	public boolean isDown() {
		return this.outage.isDown();
	}

}
