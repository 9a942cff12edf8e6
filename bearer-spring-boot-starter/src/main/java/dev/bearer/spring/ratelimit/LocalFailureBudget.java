package dev.bearer.spring.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * A {@link FailureBudget} in this JVM's memory: one Bucket4j bucket per client IP and one
 * per key, each holding {@code maxFailures} failures per window. Windows are aligned to
 * the epoch, so every budget refills at the same instants (the start of each window).
 * Keys that identified a token are remembered for a day. Each map is a Caffeine cache
 * bounded by {@code maximumSize}, so a client rotating addresses or keys cannot grow
 * memory without bound, and a bucket idle for a whole window is forgotten (it would be
 * full again). Time comes from the application's {@link Clock}.
 */
public final class LocalFailureBudget implements FailureBudget {

	/** Default failures allowed per client (and per key) and window. */
	public static final int DEFAULT_MAX_FAILURES = 30;

	/** Default window. */
	public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);

	/** Default bound of each of the budget's maps. */
	public static final long DEFAULT_MAXIMUM_SIZE = 10_000;

	private static final Duration KNOWN_KEY_MEMORY = Duration.ofDays(1);

	private final int maxFailures;

	private final Duration window;

	private final ClockTime time;

	private final Cache<String, Bucket> clients;

	private final Cache<String, Bucket> keys;

	private final Cache<String, Boolean> knownKeys;

	/**
	 * A budget of {@code maxFailures} failures per {@code window}, tracking at most
	 * {@code maximumSize} clients, as many keys, and as many known keys.
	 */
	public LocalFailureBudget(int maxFailures, Duration window, long maximumSize, Clock clock) {
		if (maxFailures < 1) {
			throw new IllegalArgumentException("maxFailures must be positive (was " + maxFailures + ")");
		}
		if (window.toMillis() < 1) {
			throw new IllegalArgumentException("window must be at least one millisecond (was " + window + ")");
		}
		this.maxFailures = maxFailures;
		this.window = window;
		this.time = new ClockTime(clock);
		this.clients = buckets(maximumSize);
		this.keys = buckets(maximumSize);
		this.knownKeys = Caffeine.newBuilder()
			.ticker(this.time)
			.expireAfterAccess(KNOWN_KEY_MEMORY)
			.maximumSize(maximumSize)
			.build();
	}

	@Override
	public Admission admit(String clientIp, String keyDigest) {
		if (knows(keyDigest)) {
			return Admission.FREE;
		}
		Bucket client = client(clientIp);
		ConsumptionProbe fromClient = client.tryConsumeAndReturnRemaining(1);
		if (!fromClient.isConsumed()) {
			return Admission.refused(Duration.ofNanos(fromClient.getNanosToWaitForRefill()));
		}
		ConsumptionProbe fromKey = key(keyDigest).tryConsumeAndReturnRemaining(1);
		if (!fromKey.isConsumed()) {
			client.addTokens(1);
			return Admission.refused(Duration.ofNanos(fromKey.getNanosToWaitForRefill()));
		}
		return Admission.CHARGED;
	}

	@Override
	public void identified(String clientIp, String keyDigest, Admission admission) {
		released(clientIp, keyDigest, admission);
		remember(keyDigest);
	}

	@Override
	public void unidentified(String clientIp, String keyDigest, Admission admission) {
		forget(keyDigest);
		if (!admission.charged()) {
			client(clientIp).tryConsume(1);
			key(keyDigest).tryConsume(1);
		}
	}

	@Override
	public void released(String clientIp, String keyDigest, Admission admission) {
		if (admission.charged()) {
			client(clientIp).addTokens(1);
			key(keyDigest).addTokens(1);
		}
	}

	/** Whether {@code keyDigest} identified a token here recently. */
	boolean knows(String keyDigest) {
		return this.knownKeys.getIfPresent(keyDigest) != null;
	}

	/** Remembers that {@code keyDigest} identified a token. */
	void remember(String keyDigest) {
		this.knownKeys.get(keyDigest, key -> Boolean.TRUE);
	}

	/** Forgets that {@code keyDigest} identified a token. */
	void forget(String keyDigest) {
		this.knownKeys.invalidate(keyDigest);
	}

	/**
	 * Clients whose failures are counted now: at most {@code maximumSize} (pending
	 * evictions are done first).
	 */
	public long trackedClients() {
		this.clients.cleanUp();
		return this.clients.estimatedSize();
	}

	private Bucket client(String clientIp) {
		return this.clients.get(String.valueOf(clientIp), ip -> newBucket());
	}

	private Bucket key(String keyDigest) {
		return this.keys.get(keyDigest, key -> newBucket());
	}

	private Cache<String, Bucket> buckets(long maximumSize) {
		return Caffeine.newBuilder().ticker(this.time).expireAfterAccess(this.window).maximumSize(maximumSize).build();
	}

	private Bucket newBucket() {
		long windowMillis = this.window.toMillis();
		long now = this.time.clock().millis();
		Instant nextWindow = Instant.ofEpochMilli((Math.floorDiv(now, windowMillis) + 1) * windowMillis);
		return Bucket.builder()
			.addLimit(limit -> limit.capacity(this.maxFailures)
				.refillIntervallyAligned(this.maxFailures, this.window, nextWindow))
			.withCustomTimePrecision(this.time)
			.build();
	}

}
