package dev.bearer.core.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.stats.CacheStats;

/**
 * A {@link TokenLookupCache} in this JVM's memory, bounded in size and time, counting the
 * hits and misses of its token lookups. A token is held for the time-to-live, but never
 * past the moment its revocation (the end of a rotation's grace period) or its expiry
 * takes effect while it is still active. Hashes a lookup found no token for are kept
 * apart, in a second cache with bounds of their own (usually a few seconds). Tokens may
 * also be kept past the time-to-live, for {@link #getStale} only, to serve while the
 * database cannot be reached.
 */
public final class CaffeineTokenLookupCache implements TokenLookupCache {

	private final Cache<String, Token> cache;

	private final Cache<String, Boolean> unknown;

	private final Cache<String, Token> stale;

	private final AtomicLong generation = new AtomicLong();

	/**
	 * A cache whose tokens live {@code timeToLive} (less when they stop being active
	 * sooner by {@code clock}), at most {@code maximumSize} of them, and whose unknown
	 * hashes live {@code unknownTimeToLive}, at most {@code unknownMaximumSize} of them
	 * (zero for either keeps no unknown hash).
	 */
	public CaffeineTokenLookupCache(Duration timeToLive, long maximumSize, Duration unknownTimeToLive,
			long unknownMaximumSize, Clock clock) {
		this(timeToLive, maximumSize, unknownTimeToLive, unknownMaximumSize, Duration.ZERO, clock);
	}

	/**
	 * A cache as above that also keeps each token for {@code staleTimeToLive} after it
	 * was put, for {@link #getStale} (zero keeps none): while the database cannot be
	 * reached, a token seen before keeps working for that long.
	 */
	public CaffeineTokenLookupCache(Duration timeToLive, long maximumSize, Duration unknownTimeToLive,
			long unknownMaximumSize, Duration staleTimeToLive, Clock clock) {
		this.cache = Caffeine.newBuilder()
			.expireAfter(new UntilInactive(timeToLive, clock))
			.maximumSize(maximumSize)
			.recordStats()
			.build();
		this.unknown = Caffeine.newBuilder()
			.expireAfterWrite(unknownTimeToLive)
			.maximumSize(unknownMaximumSize)
			.build();
		this.stale = Caffeine.newBuilder()
			.expireAfterWrite(staleTimeToLive)
			.maximumSize(staleTimeToLive.isZero() ? 0 : maximumSize)
			.build();
	}

	@Override
	public Optional<Token> getStale(String tokenHash) {
		Token token = this.cache.getIfPresent(tokenHash);
		return Optional.ofNullable((token != null) ? token : this.stale.getIfPresent(tokenHash));
	}

	@Override
	public Optional<Token> get(String tokenHash) {
		return Optional.ofNullable(this.cache.getIfPresent(tokenHash));
	}

	@Override
	public long generation() {
		return this.generation.get();
	}

	@Override
	public synchronized void put(String tokenHash, Token token, long generation) {
		if (this.generation.get() == generation) {
			this.cache.put(tokenHash, token);
			this.stale.put(tokenHash, token);
		}
	}

	@Override
	public synchronized void evict(String tokenHash) {
		this.generation.incrementAndGet();
		this.cache.invalidate(tokenHash);
		this.unknown.invalidate(tokenHash);
		this.stale.invalidate(tokenHash);
	}

	@Override
	public synchronized void evictAll() {
		this.generation.incrementAndGet();
		this.cache.invalidateAll();
		this.unknown.invalidateAll();
		this.stale.invalidateAll();
	}

	@Override
	public boolean isUnknown(String tokenHash) {
		return this.unknown.getIfPresent(tokenHash) != null;
	}

	@Override
	public synchronized void putUnknown(String tokenHash, long generation) {
		if (this.generation.get() == generation) {
			this.unknown.put(tokenHash, Boolean.TRUE);
		}
	}

	@Override
	public Optional<Statistics> statistics() {
		CacheStats stats = this.cache.stats();
		return Optional.of(new Statistics(this.cache.estimatedSize(), stats.hitCount(), stats.missCount()));
	}

	/**
	 * Holds a token for the time-to-live, or until its revocation or expiry takes effect
	 * if that comes first; a token already refused is held for the time-to-live, so a
	 * client repeating it costs no SQL statement.
	 */
	private static final class UntilInactive implements Expiry<String, Token> {

		private final Duration timeToLive;

		private final Clock clock;

		UntilInactive(Duration timeToLive, Clock clock) {
			this.timeToLive = timeToLive;
			this.clock = clock;
		}

		@Override
		public long expireAfterCreate(String tokenHash, Token token, long currentTime) {
			Instant now = this.clock.instant();
			Duration held = this.timeToLive;
			if (token.isActive(now)) {
				held = shorter(held, now, token.revokedAt());
				held = shorter(held, now, token.expiresAt());
			}
			return held.toNanos();
		}

		@Override
		public long expireAfterUpdate(String tokenHash, Token token, long currentTime, long currentDuration) {
			return expireAfterCreate(tokenHash, token, currentTime);
		}

		@Override
		public long expireAfterRead(String tokenHash, Token token, long currentTime, long currentDuration) {
			return currentDuration;
		}

		private static Duration shorter(Duration held, Instant now, Instant end) {
			if (end == null) {
				return held;
			}
			Duration untilEnd = Duration.between(now, end);
			return (untilEnd.compareTo(held) < 0) ? untilEnd : held;
		}

	}

}
