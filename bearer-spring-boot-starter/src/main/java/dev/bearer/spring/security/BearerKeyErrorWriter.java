package dev.bearer.spring.security;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

/**
 * Renders a {@link BearerKeyError}: the status, the RFC 6750 {@code WWW-Authenticate}
 * challenge (with the realm, when one is set), {@code Retry-After}, the
 * {@code RateLimit-Policy} and {@code RateLimit} fields of a rate-limit refusal, and an
 * RFC 9457 {@link ProblemDetail} body (with the error's problem type, if it has one)
 * written with the application's JSON mapper. The body never echoes the key.
 */
public final class BearerKeyErrorWriter {

	private final String realm;

	private final JsonMapper json;

	/**
	 * A writer naming {@code realm} in its challenges (none when {@code null}), writing
	 * bodies with {@code jsonMapper}.
	 */
	public BearerKeyErrorWriter(String realm, JsonMapper jsonMapper) {
		this.realm = realm;
		this.json = jsonMapper.rebuild().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();
	}

	/**
	 * Answers {@code request} with {@code error}, unless the response is already
	 * committed.
	 */
	public void write(HttpServletRequest request, HttpServletResponse response, BearerKeyError error)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.setStatus(error.status().value());
		if (error.challenge()) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge(error));
		}
		if (!error.retryAfter().isZero()) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(error.retryAfter().toSeconds()));
		}
		RateLimitHeaders.write(response, error.rateLimit());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(error.status(), error.description());
		if (error.type() != null) {
			problem.setType(error.type());
		}
		problem.setInstance(instance(request));
		response.getOutputStream().write(this.json.writeValueAsBytes(problem));
	}

	/**
	 * The {@code WWW-Authenticate} value for {@code error}, e.g.
	 * {@code Bearer realm="api", error="invalid_token", …}.
	 */
	String challenge(BearerKeyError error) {
		StringBuilder challenge = new StringBuilder("Bearer");
		String separator = " ";
		if (this.realm != null) {
			challenge.append(separator).append("realm=\"").append(this.realm).append('"');
			separator = ", ";
		}
		if (error.errorCode() != null) {
			challenge.append(separator).append("error=\"").append(error.errorCode()).append('"');
			challenge.append(", error_description=\"").append(error.description()).append('"');
		}
		return challenge.toString();
	}

	private static URI instance(HttpServletRequest request) {
		try {
			return new URI(null, null, request.getRequestURI(), null);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

}
