package dev.bearer.core.token;

import java.time.Duration;
import java.time.Instant;

/**
 * What a type's keys (in one environment) must respect: the longest lifetime a key may be
 * given, how long it may go unused before it stops authenticating, and whether it must
 * expire at all.
 *
 * @param maxLifetime the latest expiry a new key may have, counted from its issue (or
 * rotation), or {@code null} for no limit; a key must then have an expiry
 * @param idleExpiry how long a key may go unused (since its last use, or its issue when
 * never used) before it is refused as {@code idle}, or {@code null} for never
 * @param requireExpiry whether a key must have an expiry even without a maximum lifetime
 */
public record TokenPolicy(Duration maxLifetime, Duration idleExpiry, boolean requireExpiry) {

	/** No limit on lifetime or idleness, no expiry required. */
	public static final TokenPolicy NONE = new TokenPolicy(null, null, false);

	/** Validates the durations. */
	public TokenPolicy {
		requirePositive("maxLifetime", maxLifetime);
		requirePositive("idleExpiry", idleExpiry);
	}

	/** This policy with {@code maxLifetime} instead. */
	public TokenPolicy withMaxLifetime(Duration maxLifetime) {
		return new TokenPolicy(maxLifetime, this.idleExpiry, this.requireExpiry);
	}

	/** This policy with {@code idleExpiry} instead. */
	public TokenPolicy withIdleExpiry(Duration idleExpiry) {
		return new TokenPolicy(this.maxLifetime, idleExpiry, this.requireExpiry);
	}

	/** This policy with {@code requireExpiry} instead. */
	public TokenPolicy withRequireExpiry(boolean requireExpiry) {
		return new TokenPolicy(this.maxLifetime, this.idleExpiry, requireExpiry);
	}

	/** Whether a key must have an expiry: required, or bounded by a maximum lifetime. */
	public boolean expiryRequired() {
		return this.requireExpiry || this.maxLifetime != null;
	}

	/**
	 * When {@code token} becomes idle: its latest use (this node's own knowledge from
	 * {@code recentUses}, when fresher than the stored one), or its issue when never
	 * used, plus the idle expiry; {@code null} when the policy has none (and then
	 * {@code recentUses} is not asked).
	 */
	public Instant idleDeadline(Token token, RecentTokenUses recentUses) {
		if (this.idleExpiry == null) {
			return null;
		}
		Instant lastUse = token.createdAt();
		for (Instant candidate : new Instant[] { token.lastUsedAt(), recentUses.lastUse(token.id()) }) {
			if (candidate != null && candidate.isAfter(lastUse)) {
				lastUse = candidate;
			}
		}
		return lastUse.plus(this.idleExpiry);
	}

	private static void requirePositive(String name, Duration value) {
		if (value != null && (value.isNegative() || value.isZero())) {
			throw new IllegalArgumentException(name + " must be positive (was " + value + ")");
		}
	}

}
