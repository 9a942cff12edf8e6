package dev.bearer.spring.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * Answers a key that lacks a required ability: 403 with
 * {@code error="insufficient_scope"}; a CSRF refusal is a plain 403 that says so.
 */
public final class BearerAccessDeniedHandler implements AccessDeniedHandler {

	private final BearerKeyErrorWriter errorWriter;

	/** A handler answering through {@code errorWriter}. */
	public BearerAccessDeniedHandler(BearerKeyErrorWriter errorWriter) {
		this.errorWriter = errorWriter;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		BearerKeyError error = (ex instanceof CsrfException)
				? BearerKeyError.forbidden("The request's CSRF token is missing or invalid.")
				: BearerKeyError.insufficientScope();
		this.errorWriter.write(request, response, error);
	}

}
