package dev.bearer.core.invalidation;

import dev.bearer.core.token.TokenChangeBroadcast;

import org.springframework.context.SmartLifecycle;

/**
 * A {@link TokenChangeBroadcast} that also receives: it evicts the changes every node
 * announces from this node's lookup cache while it runs. While it cannot reach the other
 * nodes it counts failures, and the cache's time-to-live bounds how long a changed token
 * may still be accepted here; when it is back, it clears the cache, since changes may
 * have been missed meanwhile.
 */
public interface CacheInvalidationChannel extends TokenChangeBroadcast, SmartLifecycle {

	/**
	 * The channel's name in metrics and logs: {@code redis}, {@code postgres} or
	 * {@code poll}.
	 */
	String name();

	/** Whether the channel reaches the other nodes now. */
	boolean isConnected();

	/**
	 * Failed attempts to announce, receive or reconnect since the channel was created.
	 */
	long failures();

	/** Changes received from the channel (this node's own included) so far. */
	long received();

}
