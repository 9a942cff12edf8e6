package dev.bearer.core.token;

import java.time.Instant;

/**
 * Published by the {@link ExpiryWarningScan} once per idle spell of an active key: when
 * it has passed its type's idle expiry (and is now refused), or has gone unused for
 * {@code idle-after} (and still works). A key used again starts a new spell.
 *
 * @param tokenId the key's id
 * @param owner who the key belongs to
 * @param name the key's name
 * @param lastUse the key's last use, or its issue when never used
 * @param idleSince when the key became idle: its last use plus the idle expiry (or
 * {@code idle-after})
 * @param refused whether the key is refused for it (its type's idle expiry), rather than
 * only unused for {@code idle-after}
 */
public record TokenIdle(long tokenId, TokenOwner owner, String name, Instant lastUse, Instant idleSince,
		boolean refused) {

}
