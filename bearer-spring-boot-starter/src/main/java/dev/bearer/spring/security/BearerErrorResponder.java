package dev.bearer.spring.security;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Writes Bearer's error responses: the RFC 6750 {@code WWW-Authenticate} challenge and an RFC 9457
 * problem-details body. Bodies never echo the token and never say whether a token was unknown,
 * revoked or expired: that stays in the audit row and the event.
 */
public final class BearerErrorResponder {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String realm;

	/** A responder that names {@code realm} in its challenges, or none when {@code null}. */
	public BearerErrorResponder(String realm) {
		this.realm = realm;
	}

	/** 401 without an error code: the request carried no token (RFC 6750 §3.1). */
	public void missingToken(HttpServletRequest request, HttpServletResponse response) throws IOException {
		write(request, response, HttpStatus.UNAUTHORIZED, challenge(null, null), "A bearer token is required.");
	}

	/** 401 {@code invalid_token}: the token was refused. */
	public void invalidToken(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String description = "The bearer token is malformed, unknown, revoked, expired or not allowed here.";
		write(request, response, HttpStatus.UNAUTHORIZED, challenge("invalid_token", description), description);
	}

	/** 400 {@code invalid_request}: the credentials break RFC 6750. */
	public void invalidRequest(HttpServletRequest request, HttpServletResponse response, String description)
			throws IOException {
		write(request, response, HttpStatus.BAD_REQUEST, challenge("invalid_request", description), description);
	}

	/** 403 {@code insufficient_scope}: the token lacks an ability the endpoint requires. */
	public void insufficientScope(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String description = "The bearer token lacks an ability this request requires.";
		write(request, response, HttpStatus.FORBIDDEN, challenge("insufficient_scope", description), description);
	}

	/** 403 without a challenge, for refusals that are not about the token (e.g. CSRF). */
	public void forbidden(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
		write(request, response, HttpStatus.FORBIDDEN, null, detail);
	}

	/** 429 with {@code Retry-After}: the token exceeded its rate limit. */
	public void rateLimited(HttpServletRequest request, HttpServletResponse response, Duration retryAfter)
			throws IOException {
		long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		write(request, response, HttpStatus.TOO_MANY_REQUESTS, null,
				"The bearer token exceeded its rate limit; retry after " + seconds + " seconds.");
	}

	/** 503: the token store could not be reached, so nothing is let through. */
	public void unavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, "5");
		write(request, response, HttpStatus.SERVICE_UNAVAILABLE, null,
				"Authentication is temporarily unavailable; retry later.");
	}

	private String challenge(String error, String description) {
		StringBuilder challenge = new StringBuilder("Bearer");
		String separator = " ";
		if (this.realm != null) {
			challenge.append(separator).append("realm=\"").append(this.realm).append('"');
			separator = ", ";
		}
		if (error != null) {
			challenge.append(separator).append("error=\"").append(error).append('"');
			challenge.append(", error_description=\"").append(description).append('"');
		}
		return challenge.toString();
	}

	private static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
			String challenge, String detail) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.setStatus(status.value());
		if (challenge != null) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
		}
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.getOutputStream().write(JSON.writeValueAsBytes(problem));
	}

}
