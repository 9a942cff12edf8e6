package dev.bearer.spring.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;

/**
 * Calendar-quota buckets in this JVM, each kept until its period ends (plus
 * {@link ProxyManagers#KEEP_AFTER_REFILL}), at most {@value #MAXIMUM_SIZE} of them; time
 * comes from the application's {@link Clock}.
 */
final class LocalQuotaBuckets {

	/** The most buckets kept; beyond it, the least used are forgotten. */
	static final int MAXIMUM_SIZE = 100_000;

	private final Clock clock;

	private final ClockTime time;

	private final Cache<String, Entry> buckets;

	LocalQuotaBuckets(Clock clock) {
		this.clock = clock;
		this.time = new ClockTime(clock);
		this.buckets = Caffeine.newBuilder()
			.ticker(this.time)
			.maximumSize(MAXIMUM_SIZE)
			.expireAfter(Expiry.creating((String key, Entry entry) -> entry.keepFor()))
			.build();
	}

	/**
	 * The bucket under {@code key}, created with {@code configuration} and kept until
	 * {@code end} if it does not exist.
	 */
	Bucket bucket(String key, BucketConfiguration configuration, Instant end) {
		return this.buckets.get(key, (missing) -> new Entry(
				Bucket.builder().addLimit(configuration.getBandwidths()[0]).withCustomTimePrecision(this.time).build(),
				Duration.between(this.clock.instant(), end).plus(ProxyManagers.KEEP_AFTER_REFILL)))
			.bucket();
	}

	/**
	 * A bucket and how long to keep it from its creation.
	 *
	 * @param bucket the bucket
	 * @param keepFor how long it is kept
	 */
	private record Entry(Bucket bucket, Duration keepFor) {

	}

}
