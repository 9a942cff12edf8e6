package dev.bearer.spring.ratelimit;

import java.time.Clock;
import java.time.Duration;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AbstractProxyManagerBuilder;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;

/**
 * What every shared backend's {@code ProxyManager} gets: the application's clock, a
 * timeout per request, and expiry of buckets that are full again.
 */
final class ProxyManagers {

	/**
	 * How long a bucket is kept once it would be full again: a full bucket is the same as
	 * none, so it may go; the margin covers clocks that differ a little between nodes.
	 */
	static final Duration KEEP_AFTER_REFILL = Duration.ofSeconds(10);

	private ProxyManagers() {
	}

	/**
	 * The clock, the request timeout and the expiry, for a proxy manager of Bearer's own.
	 */
	static ClientSideConfig clientSideConfig(Clock clock, Duration requestTimeout) {
		return ClientSideConfig.getDefault()
			.withClientClock(new ClockTime(clock))
			.withRequestTimeout(requestTimeout)
			.withExpirationAfterWriteStrategy(
					ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_REFILL));
	}

	/** {@code builder} with the clock, the request timeout and the expiry. */
	static <B extends AbstractProxyManagerBuilder<String, ?, B>> B configure(B builder, Clock clock,
			Duration requestTimeout) {
		return builder.clientClock(new ClockTime(clock))
			.requestTimeout(requestTimeout)
			.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_REFILL));
	}

}
