package dev.bearer.spring.security;

import jakarta.servlet.http.HttpServletRequest;

/** Finds the bearer token a request presents. */
@FunctionalInterface
public interface BearerTokenResolver {

	/**
	 * The presented token, or {@code null} when the request carries none.
	 * @throws InvalidBearerRequestException when the credentials are ambiguous or malformed
	 */
	String resolve(HttpServletRequest request);

}
