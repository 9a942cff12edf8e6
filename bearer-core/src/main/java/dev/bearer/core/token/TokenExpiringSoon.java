package dev.bearer.core.token;

import java.time.Duration;
import java.time.Instant;

/**
 * Published by the {@link ExpiryWarningScan} when an active key is within a warning
 * threshold of its deadline: once per key, threshold and deadline across every node and
 * restart (only the smallest threshold the key is within, so a key found 2 days before
 * its deadline is warned for 3 days, not also for 14). A key used again gets a new idle
 * deadline and may be warned again.
 *
 * @param tokenId the key's id
 * @param owner who the key belongs to
 * @param name the key's name
 * @param deadline when the key stops working
 * @param threshold the warning threshold the key is now within, e.g. 3 days
 * @param cause whether the deadline is the key's expiry or its idle deadline
 */
public record TokenExpiringSoon(long tokenId, TokenOwner owner, String name, Instant deadline, Duration threshold,
		Cause cause) {

	/** What the deadline is. */
	public enum Cause {

		/** The key's {@code expires_at}. */
		EXPIRY,
		/**
		 * Its last use (or issue, when never used) plus its type's idle expiry
		 * ({@link TokenPolicy#idleExpiry()}).
		 */
		IDLE

	}

}
