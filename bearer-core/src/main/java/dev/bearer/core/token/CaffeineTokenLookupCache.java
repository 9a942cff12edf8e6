package dev.bearer.core.token;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;

/**
 * A {@link TokenLookupCache} in this JVM's memory, bounded in size and time, counting its
 * hits and misses.
 */
public final class CaffeineTokenLookupCache implements TokenLookupCache {

	private final Cache<String, Token> cache;

	private final AtomicLong generation = new AtomicLong();

	/**
	 * A cache whose entries live {@code timeToLive} and that holds at most
	 * {@code maximumSize} tokens.
	 */
	public CaffeineTokenLookupCache(Duration timeToLive, long maximumSize) {
		this.cache = Caffeine.newBuilder().expireAfterWrite(timeToLive).maximumSize(maximumSize).recordStats().build();
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
	}

	@Override
	public Optional<Statistics> statistics() {
		CacheStats stats = this.cache.stats();
		return Optional.of(new Statistics(this.cache.estimatedSize(), stats.hitCount(), stats.missCount()));
	}

}
