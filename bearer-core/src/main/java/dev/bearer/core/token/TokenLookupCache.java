package dev.bearer.core.token;

import java.util.Optional;

/**
 * Caches token lookups by stored hash, so authenticating a known token costs no SQL
 * statement. Revocation and rotation evict on this node at once, and on the other nodes
 * when a {@link TokenChangeBroadcast} carries the change there; without one, or while it
 * is down, the cache's time-to-live bounds how long another node may still accept a token
 * revoked elsewhere. A cache may also remember, for a short time, hashes a lookup found
 * no token for (so a client looping on a deleted or invented token costs no SQL statement
 * either); issuing a token evicts its hash.
 */
public interface TokenLookupCache {

	/** A cache that caches nothing. */
	TokenLookupCache NONE = new TokenLookupCache() {

		@Override
		public Optional<Token> get(String tokenHash) {
			return Optional.empty();
		}

		@Override
		public long generation() {
			return 0;
		}

		@Override
		public void put(String tokenHash, Token token, long generation) {
		}

		@Override
		public void evict(String tokenHash) {
		}

		@Override
		public void evictAll() {
		}

	};

	/** The cached token stored under {@code tokenHash}, if any. */
	Optional<Token> get(String tokenHash);

	/**
	 * A number that changes with every eviction; read it before looking a token up in the
	 * database.
	 */
	long generation();

	/**
	 * Caches {@code token} under its stored hash, unless an eviction happened since
	 * {@code generation} was read (the token read may then be stale).
	 */
	void put(String tokenHash, Token token, long generation);

	/**
	 * Forgets the token stored under {@code tokenHash}, or that no token was found for
	 * it.
	 */
	void evict(String tokenHash);

	/**
	 * Forgets every cached token and unknown hash, as after a time when changes made on
	 * other nodes could not reach this one.
	 */
	void evictAll();

	/**
	 * The token stored under {@code tokenHash} even if its entry has passed the
	 * time-to-live, as long as the cache keeps such entries for a database that cannot be
	 * reached; evictions remove them too. By default nothing past the time-to-live is
	 * kept.
	 */
	default Optional<Token> getStale(String tokenHash) {
		return get(tokenHash);
	}

	/**
	 * Whether a recent lookup found no stored token for {@code tokenHash}; by default
	 * nothing is remembered.
	 */
	default boolean isUnknown(String tokenHash) {
		return false;
	}

	/**
	 * Remembers that no stored token has {@code tokenHash}, unless an eviction happened
	 * since {@code generation} was read (a token may have been issued meanwhile); by
	 * default nothing is remembered.
	 */
	default void putUnknown(String tokenHash, long generation) {
	}

	/**
	 * How many tokens the cache holds and how its lookups went, if it keeps count; by
	 * default it does not.
	 */
	default Optional<Statistics> statistics() {
		return Optional.empty();
	}

	/**
	 * How many tokens a cache holds and how its lookups went since it was created.
	 *
	 * @param size tokens held now (an estimate: expired entries may not be removed yet)
	 * @param hits probes answered from the cache
	 * @param misses probes that found nothing (a token not cached yet is probed once per
	 * hash algorithm)
	 */
	record Statistics(long size, long hits, long misses) {

	}

}
