package dev.bearer.core.token;

import java.time.Instant;

/**
 * A group revocation stored for a future instant; the keys keep working until a node runs
 * it.
 *
 * @param id the revocation's id
 * @param groupId the group whose keys it revokes
 * @param selection the keys it takes, judged when it runs
 * @param revokeAt the instant from which it runs
 * @param reason why, written in every revoked key's audit row, or {@code null}
 * @param state whether it is pending, done or cancelled
 * @param createdAt when it was scheduled
 * @param completedAt when it ran or was cancelled, or {@code null} while pending
 */
public record TimedRevocation(long id, long groupId, TokenSelection selection, Instant revokeAt, String reason,
		State state, Instant createdAt, Instant completedAt) {

	/** Where a timed revocation stands. */
	public enum State {

		/** Waiting for its instant. */
		PENDING,

		/** Ran: the selected keys were revoked. */
		DONE,

		/** Cancelled before it ran. */
		CANCELLED

	}

}
