package dev.bearer.core.token;

import java.util.Optional;

/**
 * Caches token lookups by stored hash, so authenticating a known token costs no SQL statement.
 * Revocation and rotation evict on this node at once; the cache's time-to-live bounds how long
 * another node may still accept a token revoked elsewhere.
 */
public interface TokenLookupCache {

	/** A cache that caches nothing. */
	TokenLookupCache NONE = new TokenLookupCache() {

		@Override
		public Optional<Token> get(String tokenHash) {
			return Optional.empty();
		}

		@Override
		public void put(String tokenHash, Token token) {
		}

		@Override
		public void evict(String tokenHash) {
		}

	};

	/** The cached token stored under {@code tokenHash}, if any. */
	Optional<Token> get(String tokenHash);

	/** Caches {@code token} under its stored hash. */
	void put(String tokenHash, Token token);

	/** Forgets the token stored under {@code tokenHash}. */
	void evict(String tokenHash);

}
