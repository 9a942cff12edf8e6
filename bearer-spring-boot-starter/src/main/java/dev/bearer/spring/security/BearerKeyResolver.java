package dev.bearer.spring.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Finds the Bearer key a request presents. Credentials that are not Bearer keys (a JWT,
 * another scheme) are not its business: it returns {@code null} and leaves them to the
 * rest of the chain.
 */
@FunctionalInterface
public interface BearerKeyResolver {

	/**
	 * The presented key, or {@code null} when the request carries none.
	 * @throws InvalidBearerRequestException when the credentials are ambiguous or
	 * malformed
	 */
	String resolve(HttpServletRequest request);

}
