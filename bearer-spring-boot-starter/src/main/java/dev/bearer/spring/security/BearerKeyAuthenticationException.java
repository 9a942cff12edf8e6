package dev.bearer.spring.security;

import dev.bearer.core.token.AuthenticationFailureReason;
import dev.bearer.core.token.Token;

import org.springframework.security.core.AuthenticationException;

/**
 * A Bearer key was refused. Carries the precise reason and the stored token (when one was
 * identified) for the audit row and the event, and the {@link BearerKeyError} the client
 * sees.
 */
public class BearerKeyAuthenticationException extends AuthenticationException {

	private final AuthenticationFailureReason reason;

	private final transient Token token;

	private final BearerKeyError error;

	/**
	 * A refusal for {@code reason} of {@code token} ({@code null} when none was
	 * identified), answered with {@code error}.
	 */
	public BearerKeyAuthenticationException(AuthenticationFailureReason reason, Token token, BearerKeyError error) {
		super("Bearer key refused: " + reason.code());
		this.reason = reason;
		this.token = token;
		this.error = error;
	}

	/**
	 * Why the key was refused (kept in the audit row and the event, never told to the
	 * client).
	 */
	public AuthenticationFailureReason getReason() {
		return this.reason;
	}

	/** The stored token the key identified, or {@code null}. */
	public Token getToken() {
		return this.token;
	}

	/** The answer the client gets. */
	public BearerKeyError getError() {
		return this.error;
	}

}
