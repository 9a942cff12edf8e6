package dev.bearer.core.token;

import java.time.Instant;

/**
 * When this node last saw each token used: fresher than the {@code last_used_at} a cached
 * token carries, and than the stored one while its update is pending. Idle expiry counts
 * from the latest of the two, so a key this node keeps using never turns idle in its
 * cache.
 */
@FunctionalInterface
public interface RecentTokenUses {

	/** Knows of no use. */
	RecentTokenUses NONE = tokenId -> null;

	/**
	 * When this node last saw token {@code tokenId} used (up to a second earlier than its
	 * latest use), or {@code null}.
	 */
	Instant lastUse(long tokenId);

}
