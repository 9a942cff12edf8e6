package dev.bearer.spring.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/** Answers an unauthenticated request to a protected resource: 401 with {@code WWW-Authenticate: Bearer}. */
public final class BearerAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final BearerErrorResponder responder;

	/** An entry point answering through {@code responder}. */
	public BearerAuthenticationEntryPoint(BearerErrorResponder responder) {
		this.responder = responder;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		this.responder.missingToken(request, response);
	}

}
