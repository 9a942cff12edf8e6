package dev.bearer.core.token;

/**
 * An operation is not allowed in the token's current state, e.g. rotating a revoked
 * token.
 */
public class TokenStateException extends IllegalStateException {

	/** Reports why the operation was refused. */
	public TokenStateException(String message) {
		super(message);
	}

}
