package dev.bearer.core.token;

/**
 * Carries the stored hashes of changed tokens to the lookup caches of every node, so a
 * token revoked, rotated or issued on one node is evicted on all of them.
 * {@link TokenService} calls it inside the transaction that changes the token; an
 * implementation delivers the hash to every node (this one included) once that
 * transaction has committed, and nowhere if it rolls back. A hash, never a plaintext
 * token, leaves the node.
 */
@FunctionalInterface
public interface TokenChangeBroadcast {

	/**
	 * Broadcasts nothing: one node, or nodes whose caches rely on their time-to-live.
	 */
	TokenChangeBroadcast NONE = (tokenHash) -> {
	};

	/**
	 * Announces that the token stored under {@code tokenHash} changed (or was issued, so
	 * a node that remembered the hash as unknown forgets it).
	 */
	void announce(String tokenHash);

}
