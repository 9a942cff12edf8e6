package dev.bearer.core.token;

/**
 * The outcome of resolving a presented token string: the token, or the precise reason it
 * was refused.
 */
public sealed interface TokenResolution {

	/**
	 * The string resolved to an active token.
	 *
	 * @param token the token
	 */
	record Resolved(Token token) implements TokenResolution {
	}

	/**
	 * The string was refused.
	 *
	 * @param reason why
	 * @param token the stored token when one was found (revoked, expired), else
	 * {@code null}
	 */
	record Rejected(AuthenticationFailureReason reason, Token token) implements TokenResolution {

		/** The stored token's id, or {@code null} when none was found. */
		public Long tokenId() {
			return (this.token != null) ? this.token.id() : null;
		}

	}

}
