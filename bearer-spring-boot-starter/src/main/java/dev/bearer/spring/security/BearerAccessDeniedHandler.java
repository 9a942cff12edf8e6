package dev.bearer.spring.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * Answers a token that lacks a required ability: 403 with {@code error="insufficient_scope"}; a
 * CSRF refusal is a plain 403 that says so.
 */
public final class BearerAccessDeniedHandler implements AccessDeniedHandler {

	private final BearerErrorResponder responder;

	/** A handler answering through {@code responder}. */
	public BearerAccessDeniedHandler(BearerErrorResponder responder) {
		this.responder = responder;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		if (ex instanceof CsrfException) {
			this.responder.forbidden(request, response, "The request's CSRF token is missing or invalid.");
		}
		else {
			this.responder.insufficientScope(request, response);
		}
	}

}
