package dev.bearer.core.token;

/** No token exists with the given id. */
public class TokenNotFoundException extends RuntimeException {

	/** Reports that token {@code id} does not exist. */
	public TokenNotFoundException(long id) {
		super("No token with id " + id);
	}

}
