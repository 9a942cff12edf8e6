package dev.bearer.core.token;

import dev.bearer.core.audit.AuditEvent;

/** Why a presented token string did not resolve to a usable token. */
public enum TokenRejection {

	/** The string is not a well-formed token of a known type (checked without a database query). */
	MALFORMED(AuditEvent.FAILED),
	/** The string is well formed but no stored token has its hash. */
	UNKNOWN(AuditEvent.FAILED),
	/** The token has been revoked. */
	REVOKED(AuditEvent.FAILED),
	/** The token has expired. */
	EXPIRED(AuditEvent.EXPIRED);

	private final AuditEvent auditEvent;

	TokenRejection(AuditEvent auditEvent) {
		this.auditEvent = auditEvent;
	}

	/** The audit event that records this rejection. */
	public AuditEvent auditEvent() {
		return this.auditEvent;
	}

}
