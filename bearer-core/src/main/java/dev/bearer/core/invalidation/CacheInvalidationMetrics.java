package dev.bearer.core.invalidation;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds the meters of a {@link CacheInvalidationChannel}, tagged {@code channel} with its
 * name, to a Micrometer registry.
 */
public final class CacheInvalidationMetrics implements MeterBinder {

	/**
	 * Counter: failed attempts to announce a change, receive changes or reconnect; while
	 * it grows, the cache's time-to-live bounds how long changes made on other nodes take
	 * to reach this one.
	 */
	public static final String FAILURES = "bearer.cache.invalidation.failures";

	/** Gauge: 1 while the channel reaches the other nodes, else 0. */
	public static final String CONNECTED = "bearer.cache.invalidation.connected";

	/** Counter: changes received and evicted from this node's lookup cache. */
	public static final String RECEIVED = "bearer.cache.invalidation.received";

	private final CacheInvalidationChannel channel;

	/** Metrics of {@code channel}. */
	public CacheInvalidationMetrics(CacheInvalidationChannel channel) {
		this.channel = channel;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder(FAILURES, this.channel, CacheInvalidationChannel::failures)
			.description("Failed attempts to announce, receive or reconnect for token cache invalidation")
			.tag("channel", this.channel.name())
			.register(registry);
		Gauge.builder(CONNECTED, this.channel, (channel) -> channel.isConnected() ? 1 : 0)
			.description("Whether token cache invalidation reaches the other nodes")
			.tag("channel", this.channel.name())
			.register(registry);
		FunctionCounter.builder(RECEIVED, this.channel, CacheInvalidationChannel::received)
			.description("Token changes received and evicted from the lookup cache")
			.tag("channel", this.channel.name())
			.register(registry);
	}

}
