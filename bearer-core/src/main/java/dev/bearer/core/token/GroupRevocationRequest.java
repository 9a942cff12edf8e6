package dev.bearer.core.token;

import java.time.Instant;

/**
 * A revocation of keys of one group: built with {@link #none}, {@link #cascade},
 * {@link #partial} or {@link #timed}.
 *
 * @param groupId the group
 * @param strategy which keys it takes, and when
 * @param tokenId the named key ({@link RevocationStrategy#NONE} only), else {@code null}
 * @param selection the keys taken ({@link RevocationStrategy#PARTIAL} and
 * {@link RevocationStrategy#TIMED}); {@link TokenSelection#ALL} otherwise
 * @param revokeAt when a {@link RevocationStrategy#TIMED} revocation happens, else
 * {@code null}
 * @param reason why, written in every revoked key's audit row, or {@code null}
 */
public record GroupRevocationRequest(long groupId, RevocationStrategy strategy, Long tokenId, TokenSelection selection,
		Instant revokeAt, String reason) {

	/** Defaults a missing selection to every key. */
	public GroupRevocationRequest {
		selection = (selection != null) ? selection : TokenSelection.ALL;
	}

	/** Revokes key {@code tokenId} of the group only. */
	public static GroupRevocationRequest none(long groupId, long tokenId, String reason) {
		return new GroupRevocationRequest(groupId, RevocationStrategy.NONE, tokenId, TokenSelection.ALL, null, reason);
	}

	/** Revokes every key of the group. */
	public static GroupRevocationRequest cascade(long groupId, String reason) {
		return new GroupRevocationRequest(groupId, RevocationStrategy.CASCADE, null, TokenSelection.ALL, null, reason);
	}

	/** Revokes the keys of the group that {@code selection} takes. */
	public static GroupRevocationRequest partial(long groupId, TokenSelection selection, String reason) {
		return new GroupRevocationRequest(groupId, RevocationStrategy.PARTIAL, null, selection, null, reason);
	}

	/**
	 * Revokes, at {@code revokeAt}, the keys of the group that {@code selection} takes
	 * then (keys added to the group before that instant included).
	 */
	public static GroupRevocationRequest timed(long groupId, TokenSelection selection, Instant revokeAt,
			String reason) {
		return new GroupRevocationRequest(groupId, RevocationStrategy.TIMED, null, selection, revokeAt, reason);
	}

}
