package dev.bearer.core.token;

import java.util.Locale;

import dev.bearer.core.audit.AuditEvent;

/**
 * Why a request's bearer token was refused; each reason maps to the audit event that
 * records it.
 */
public enum AuthenticationFailureReason {

	/**
	 * The Authorization header or query parameter broke RFC 6750 (e.g. two credentials).
	 */
	INVALID_REQUEST(AuditEvent.FAILED),
	/**
	 * The token is not a well-formed token of a known type (refused without a database
	 * query).
	 */
	MALFORMED(AuditEvent.FAILED),
	/** No stored token matches. */
	UNKNOWN(AuditEvent.FAILED),
	/** The token has been revoked. */
	REVOKED(AuditEvent.FAILED),
	/** The token has expired. */
	EXPIRED(AuditEvent.EXPIRED),
	/**
	 * The token went unused longer than its type's idle expiry
	 * ({@link TokenPolicy#idleExpiry()}); recorded as an {@code expired} row with reason
	 * {@code idle}.
	 */
	IDLE(AuditEvent.EXPIRED),
	/** The token's environment is not accepted by this application. */
	ENVIRONMENT_NOT_ALLOWED(AuditEvent.FAILED),
	/**
	 * The token's type is server-side only and the request came from a browser (it
	 * carried an Origin).
	 */
	BROWSER_NOT_ALLOWED(AuditEvent.DOMAIN_BLOCKED),
	/** The client IP is outside the token's allow-list. */
	IP_BLOCKED(AuditEvent.IP_BLOCKED),
	/** The request's domain (Origin, else Referer) is outside the token's allow-list. */
	DOMAIN_BLOCKED(AuditEvent.DOMAIN_BLOCKED),
	/** The token exceeded its rate limit. */
	RATE_LIMITED(AuditEvent.RATE_LIMITED),
	/**
	 * The token used up its quota (its requests of the calendar day or month, or its
	 * credits); recorded as a {@code rate_limited} row whose metadata says
	 * {@code "limit":"quota"} and the period.
	 */
	QUOTA_EXHAUSTED(AuditEvent.RATE_LIMITED),
	/**
	 * The client (or the presented key) used up its failure budget and the key is not one
	 * this node knows, so it was refused without a lookup; such refusals are recorded as
	 * one {@code failed} row per client and window that counts them.
	 */
	BUDGET_EXHAUSTED(AuditEvent.FAILED);

	private final AuditEvent auditEvent;

	AuthenticationFailureReason(AuditEvent auditEvent) {
		this.auditEvent = auditEvent;
	}

	/** The audit event that records this failure. */
	public AuditEvent auditEvent() {
		return this.auditEvent;
	}

	/**
	 * The lowercase code stored in the audit row's {@code reason} metadata, e.g.
	 * {@code ip_blocked}.
	 */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

}
