package dev.bearer.core.token;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;

/**
 * A {@link TokenLookupCache} in this JVM's memory, bounded in size and time, counting the
 * hits and misses of its token lookups. Hashes a lookup found no token for are kept
 * apart, in a second cache with bounds of their own (usually a few seconds).
 */
public final class CaffeineTokenLookupCache implements TokenLookupCache {

	private final Cache<String, Token> cache;

	private final Cache<String, Boolean> unknown;

	private final AtomicLong generation = new AtomicLong();

	/**
	 * A cache whose tokens live {@code timeToLive}, at most {@code maximumSize} of them,
	 * and whose unknown hashes live {@code unknownTimeToLive}, at most
	 * {@code unknownMaximumSize} of them (zero for either keeps no unknown hash).
	 */
	public CaffeineTokenLookupCache(Duration timeToLive, long maximumSize, Duration unknownTimeToLive,
			long unknownMaximumSize) {
		this.cache = Caffeine.newBuilder().expireAfterWrite(timeToLive).maximumSize(maximumSize).recordStats().build();
		this.unknown = Caffeine.newBuilder()
			.expireAfterWrite(unknownTimeToLive)
			.maximumSize(unknownMaximumSize)
			.build();
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
		}
	}

	@Override
	public synchronized void evict(String tokenHash) {
		this.generation.incrementAndGet();
		this.cache.invalidate(tokenHash);
		this.unknown.invalidate(tokenHash);
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

}
