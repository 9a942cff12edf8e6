package dev.bearer.spring.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;

/**
 * A {@link FailureBudget} whose counts every node shares ({@link SharedBuckets} on Redis
 * or the database): a client gets {@code maxFailures} failed lookups per window across
 * the cluster, not once per node. Each window has buckets of its own (the window's number
 * is part of the key), so every budget refills at the same instant on every node and an
 * old window's buckets expire. Which keys identified a token is remembered per node.
 * While the backend cannot be reached, the node's {@link LocalFailureBudget} decides
 * (counted as a fallback of the {@link SharedBackend} it shares with rate limits and
 * quotas), and the backend is probed again once per retry interval.
 */
public final class SharedFailureBudget implements FailureBudget {

	private final SharedBackend backend;

	private final LocalFailureBudget local;

	private final int maxFailures;

	private final Duration window;

	private final Clock clock;

	/**
	 * A budget of {@code maxFailures} failures per {@code window} on {@code backend},
	 * with {@code local} deciding while it cannot be reached (and remembering known
	 * keys), whatever {@code on-backend-failure} says.
	 */
	public SharedFailureBudget(SharedBackend backend, LocalFailureBudget local, int maxFailures, Duration window,
			Clock clock) {
		this.backend = Objects.requireNonNull(backend, "backend must not be null");
		this.local = Objects.requireNonNull(local, "local must not be null");
		this.maxFailures = maxFailures;
		this.window = window;
		this.clock = clock;
	}

	@Override
	public Admission admit(String clientIp, String keyDigest) {
		if (this.local.knows(keyDigest)) {
			return Admission.FREE;
		}
		return this.backend.callOrLocal((buckets) -> charge(buckets, clientIp, keyDigest),
				() -> this.local.admit(clientIp, keyDigest));
	}

	@Override
	public void identified(String clientIp, String keyDigest, Admission admission) {
		released(clientIp, keyDigest, admission);
		this.local.remember(keyDigest);
	}

	@Override
	public void unidentified(String clientIp, String keyDigest, Admission admission) {
		this.local.forget(keyDigest);
		if (!admission.charged()) {
			this.backend.tryRun((buckets) -> {
				client(buckets, clientIp).tryConsume(1);
				key(buckets, keyDigest).tryConsume(1);
			});
		}
	}

	@Override
	public void released(String clientIp, String keyDigest, Admission admission) {
		if (admission.charged()) {
			this.backend.tryRun((buckets) -> {
				client(buckets, clientIp).addTokens(1);
				key(buckets, keyDigest).addTokens(1);
			});
		}
	}

	/** The shared backend's name, e.g. {@code redis}. */
	public String backend() {
		return this.backend.backend();
	}

	private Admission charge(SharedBuckets buckets, String clientIp, String keyDigest) {
		BucketProxy client = client(buckets, clientIp);
		ConsumptionProbe fromClient = client.tryConsumeAndReturnRemaining(1);
		if (!fromClient.isConsumed()) {
			return Admission.refused(untilNextWindow());
		}
		ConsumptionProbe fromKey = key(buckets, keyDigest).tryConsumeAndReturnRemaining(1);
		if (!fromKey.isConsumed()) {
			client.addTokens(1);
			return Admission.refused(untilNextWindow());
		}
		return Admission.CHARGED;
	}

	private BucketProxy client(SharedBuckets buckets, String clientIp) {
		return buckets.bucket("budget:ip:" + clientIp + ":" + windowNumber(), this::configuration);
	}

	private BucketProxy key(SharedBuckets buckets, String keyDigest) {
		return buckets.bucket("budget:key:" + keyDigest + ":" + windowNumber(), this::configuration);
	}

	private long windowNumber() {
		return Math.floorDiv(this.clock.millis(), this.window.toMillis());
	}

	private Duration untilNextWindow() {
		long windowMillis = this.window.toMillis();
		long now = this.clock.millis();
		return Duration.ofMillis((Math.floorDiv(now, windowMillis) + 1) * windowMillis - now);
	}

	private BucketConfiguration configuration() {
		return BucketConfiguration.builder()
			.addLimit(limit -> limit.capacity(this.maxFailures).refillIntervally(this.maxFailures, this.window))
			.build();
	}

}
