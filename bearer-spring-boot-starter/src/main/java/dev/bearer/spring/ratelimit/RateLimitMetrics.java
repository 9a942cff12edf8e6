package dev.bearer.spring.ratelimit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of a {@link SharedBackend}, tagged with its {@code backend}: the rate-limit and
 * quota decisions made by the node's local count while the backend was down, and whether
 * it counts as down. Binds nothing without a shared backend.
 */
public final class RateLimitMetrics implements MeterBinder {

	/**
	 * Counter: rate-limit and quota decisions made by the node's local count while the
	 * backend was down.
	 */
	public static final String FALLBACKS = "bearer.rate-limit.fallbacks";

	/** Gauge: 1 while the shared backend counts as unreachable, else 0. */
	public static final String BACKEND_DOWN = "bearer.rate-limit.backend.down";

	private final SharedBackend backend;

	/** Metrics of {@code backend}, or none when it is {@code null}. */
	public RateLimitMetrics(SharedBackend backend) {
		this.backend = backend;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		if (this.backend == null) {
			return;
		}
		FunctionCounter.builder(FALLBACKS, this.backend, SharedBackend::fallbacks)
			.description(
					"Rate-limit and quota decisions made by the node's local count while the shared backend was down")
			.tag("backend", this.backend.backend())
			.register(registry);
		Gauge.builder(BACKEND_DOWN, this.backend, (backend) -> backend.isDown() ? 1 : 0)
			.description("1 while the shared rate-limit backend counts as unreachable")
			.tag("backend", this.backend.backend())
			.register(registry);
	}

}
