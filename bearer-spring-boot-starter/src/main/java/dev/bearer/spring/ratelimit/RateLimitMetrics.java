package dev.bearer.spring.ratelimit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of a {@link SharedRateLimiter}, tagged with its {@code backend}: the requests
 * that fell back to the node's local limiter, and whether the backend counts as down.
 * Binds nothing for a local limiter.
 */
public final class RateLimitMetrics implements MeterBinder {

	/**
	 * Counter: requests decided by the node's local limiter while the backend was down.
	 */
	public static final String FALLBACKS = "bearer.rate-limit.fallbacks";

	/** Gauge: 1 while the shared backend counts as unreachable, else 0. */
	public static final String BACKEND_DOWN = "bearer.rate-limit.backend.down";

	private final RateLimiter limiter;

	/** Metrics of {@code limiter}. */
	public RateLimitMetrics(RateLimiter limiter) {
		this.limiter = limiter;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		if (this.limiter instanceof SharedRateLimiter shared) {
			FunctionCounter.builder(FALLBACKS, shared, SharedRateLimiter::fallbacks)
				.description("Requests decided by the node's local limiter while the shared backend was down")
				.tag("backend", shared.backend())
				.register(registry);
			Gauge.builder(BACKEND_DOWN, shared, limiter -> limiter.isBackendDown() ? 1 : 0)
				.description("1 while the shared rate-limit backend counts as unreachable")
				.tag("backend", shared.backend())
				.register(registry);
		}
	}

}
