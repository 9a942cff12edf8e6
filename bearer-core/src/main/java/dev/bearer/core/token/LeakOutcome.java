package dev.bearer.core.token;

/** What {@link TokenService#revokeLeaked} found for a reported plaintext. */
public enum LeakOutcome {

	/** An active token, now revoked with reason {@value TokenService#LEAKED}. */
	REVOKED,
	/** A token revoked before the report; nothing changed. */
	ALREADY_REVOKED,
	/** A token that had expired before the report; nothing changed. */
	EXPIRED,
	/** No token: a malformed string, or a well-formed one no token hashes to. */
	UNKNOWN;

	/** Whether the reported string is one of this application's tokens. */
	public boolean isKnown() {
		return this != UNKNOWN;
	}

}
