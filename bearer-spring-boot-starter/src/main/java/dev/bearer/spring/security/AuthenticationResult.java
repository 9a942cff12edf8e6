package dev.bearer.spring.security;

import java.time.Duration;

import dev.bearer.core.event.AuthenticationFailureReason;
import dev.bearer.core.token.Token;

/** What {@link BearerTokenAuthenticator} decided about a presented token. */
public sealed interface AuthenticationResult {

	/**
	 * Every check passed.
	 *
	 * @param token the authenticated token
	 */
	record Success(Token token) implements AuthenticationResult {
	}

	/**
	 * A check failed.
	 *
	 * @param reason the first check that failed
	 * @param token the stored token when one was identified, else {@code null}
	 * @param retryAfter for {@link AuthenticationFailureReason#RATE_LIMITED}, when to retry; else zero
	 */
	record Failure(AuthenticationFailureReason reason, Token token, Duration retryAfter) implements AuthenticationResult {

		/** A failure that names no stored token. */
		static Failure of(AuthenticationFailureReason reason) {
			return new Failure(reason, null, Duration.ZERO);
		}

		/** A failure of a stored token. */
		static Failure of(AuthenticationFailureReason reason, Token token) {
			return new Failure(reason, token, Duration.ZERO);
		}

	}

}
