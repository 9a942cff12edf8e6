package dev.bearer.core.token;

import java.util.List;

/**
 * What {@link TokenService#revokeGroup} did.
 *
 * @param strategy the strategy applied
 * @param revoked the keys revoked now (with the keys derived from them); empty for a
 * timed revocation
 * @param scheduled the stored timed revocation, or {@code null} for the other strategies
 */
public record GroupRevocation(RevocationStrategy strategy, List<Token> revoked, TimedRevocation scheduled) {

	/** Copies the list so the result stays immutable. */
	public GroupRevocation {
		revoked = List.copyOf(revoked);
	}

}
