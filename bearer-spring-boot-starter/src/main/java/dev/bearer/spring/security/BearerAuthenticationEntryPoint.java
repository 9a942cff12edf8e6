package dev.bearer.spring.security;

import java.io.IOException;
import java.util.Collections;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers an unauthenticated request to a protected resource: 401 with
 * {@code WWW-Authenticate: Bearer}, and {@code error="invalid_token"} when the request
 * did present a bearer credential that nothing in the chain accepted.
 */
public final class BearerAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final BearerKeyErrorWriter errorWriter;

	/** An entry point answering through {@code errorWriter}. */
	public BearerAuthenticationEntryPoint(BearerKeyErrorWriter errorWriter) {
		this.errorWriter = errorWriter;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		BearerKeyError error = presentsBearerCredential(request) ? BearerKeyError.invalidToken()
				: BearerKeyError.missing();
		this.errorWriter.write(request, response, error);
	}

	private static boolean presentsBearerCredential(HttpServletRequest request) {
		return Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION))
			.stream()
			.anyMatch(DefaultBearerKeyResolver::isBearerScheme);
	}

}
