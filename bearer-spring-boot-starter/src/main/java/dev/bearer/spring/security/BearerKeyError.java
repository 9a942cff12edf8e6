package dev.bearer.spring.security;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

import dev.bearer.core.token.AuthenticationFailureReason;
import dev.bearer.spring.ratelimit.QuotaStatus;
import dev.bearer.spring.ratelimit.RateLimitStatus;

import org.springframework.http.HttpStatus;

/**
 * One refusal as the client sees it: the HTTP status, the RFC 6750 error code for the
 * {@code WWW-Authenticate} challenge, a description and, for rate limits, when to retry.
 * Every failure reason maps to exactly one error value ({@link #of}); refused tokens
 * share one description, so the answer never tells unknown, revoked and expired keys
 * apart.
 *
 * @param status the HTTP status
 * @param errorCode the RFC 6750 error code, or {@code null} when the answer carries none
 * @param description what went wrong, safe to show the client (never the key)
 * @param challenge whether the answer carries a {@code WWW-Authenticate: Bearer}
 * challenge
 * @param retryAfter when to retry ({@code Retry-After}), or {@link Duration#ZERO} for no
 * header
 * @param type the RFC 9457 problem type, or {@code null} for the default
 * {@code about:blank}
 * @param rateLimit for a refusal by the rate limit, what it said (for the
 * {@code RateLimit-Policy} and {@code RateLimit} header fields), else {@code null}
 */
public record BearerKeyError(HttpStatus status, String errorCode, String description, boolean challenge,
		Duration retryAfter, URI type, RateLimitStatus rateLimit) {

	/**
	 * RFC 6750 §3.1: the key is malformed, unknown, revoked, expired or not allowed here.
	 */
	public static final String INVALID_TOKEN = "invalid_token";

	/** RFC 6750 §3.1: the request's credentials are malformed or ambiguous. */
	public static final String INVALID_REQUEST = "invalid_request";

	/** RFC 6750 §3.1: the key lacks an ability the request requires. */
	public static final String INSUFFICIENT_SCOPE = "insufficient_scope";

	/**
	 * The problem type of a 429 for a client whose failure budget is exhausted (an
	 * identifier, not a link).
	 */
	public static final URI FAILURE_BUDGET_EXHAUSTED = URI.create("tag:bearer.dev,2026:failure-budget-exhausted");

	/**
	 * The problem type of a 429 for a token that used up its quota (an identifier, not a
	 * link).
	 */
	public static final URI QUOTA_EXHAUSTED = URI.create("tag:bearer.dev,2026:quota-exhausted");

	private static final String REFUSED = "The bearer token is malformed, unknown, revoked, expired or not allowed here.";

	private static final Duration UNAVAILABLE_RETRY = Duration.ofSeconds(5);

	/** Checks the parts. */
	public BearerKeyError {
		Objects.requireNonNull(status, "status must not be null");
		Objects.requireNonNull(description, "description must not be null");
		Objects.requireNonNull(retryAfter, "retryAfter must not be null");
	}

	/** An error that is not a refusal by the rate limit. */
	public BearerKeyError(HttpStatus status, String errorCode, String description, boolean challenge,
			Duration retryAfter, URI type) {
		this(status, errorCode, description, challenge, retryAfter, type, null);
	}

	/**
	 * The answer to a key refused for {@code reason}; {@code retryAfter} counts only for
	 * rate limits, quotas and the failure budget (a quota's zero: credits, no
	 * {@code Retry-After}).
	 */
	public static BearerKeyError of(AuthenticationFailureReason reason, Duration retryAfter) {
		return switch (reason) {
			case INVALID_REQUEST -> invalidRequest("The request's bearer credentials are malformed or ambiguous.");
			case RATE_LIMITED -> new BearerKeyError(HttpStatus.TOO_MANY_REQUESTS, null,
					"The bearer token exceeded its rate limit; retry after " + wholeSeconds(retryAfter) + " seconds.",
					false, Duration.ofSeconds(wholeSeconds(retryAfter)), null);
			case BUDGET_EXHAUSTED -> new BearerKeyError(HttpStatus.TOO_MANY_REQUESTS, null,
					"Too many failed authentications from this client; retry after " + wholeSeconds(retryAfter)
							+ " seconds.",
					false, Duration.ofSeconds(wholeSeconds(retryAfter)), FAILURE_BUDGET_EXHAUSTED);
			case QUOTA_EXHAUSTED -> new BearerKeyError(HttpStatus.TOO_MANY_REQUESTS, null,
					retryAfter.isZero() ? "The bearer token has used up its credits."
							: "The bearer token used up its quota; retry after " + wholeSeconds(retryAfter)
									+ " seconds.",
					false, retryAfter.isZero() ? Duration.ZERO : Duration.ofSeconds(wholeSeconds(retryAfter)),
					QUOTA_EXHAUSTED);
			case MALFORMED, UNKNOWN, REVOKED, EXPIRED, IDLE, ENVIRONMENT_NOT_ALLOWED, BROWSER_NOT_ALLOWED, IP_BLOCKED,
					DOMAIN_BLOCKED ->
				invalidToken();
		};
	}

	/**
	 * 429: the token's rate limit refused the request, as {@code rateLimit} says
	 * ({@code Retry-After} and, when it names its policy, the {@code RateLimit} fields).
	 */
	public static BearerKeyError rateLimited(RateLimitStatus rateLimit) {
		BearerKeyError error = of(AuthenticationFailureReason.RATE_LIMITED, rateLimit.retryAfter());
		return new BearerKeyError(error.status(), error.errorCode(), error.description(), error.challenge(),
				error.retryAfter(), error.type(), rateLimit);
	}

	/**
	 * 429: the token used up its quota, as {@code quota} says ({@code Retry-After} until
	 * the next day or month, with the quota's {@code RateLimit} fields; for credits
	 * neither).
	 */
	public static BearerKeyError quotaExhausted(QuotaStatus quota) {
		BearerKeyError error = of(AuthenticationFailureReason.QUOTA_EXHAUSTED, quota.retryAfter());
		return new BearerKeyError(error.status(), error.errorCode(), error.description(), error.challenge(),
				error.retryAfter(), error.type(), quota.announced());
	}

	/** 401 {@code invalid_token}: a presented credential was refused. */
	public static BearerKeyError invalidToken() {
		return new BearerKeyError(HttpStatus.UNAUTHORIZED, INVALID_TOKEN, REFUSED, true, Duration.ZERO, null);
	}

	/**
	 * 400 {@code invalid_request}: the credentials break RFC 6750 as {@code description}
	 * says.
	 */
	public static BearerKeyError invalidRequest(String description) {
		return new BearerKeyError(HttpStatus.BAD_REQUEST, INVALID_REQUEST, description, true, Duration.ZERO, null);
	}

	/** 401 without an error code: the request carried no credentials (RFC 6750 §3.1). */
	public static BearerKeyError missing() {
		return new BearerKeyError(HttpStatus.UNAUTHORIZED, null, "A bearer token is required.", true, Duration.ZERO,
				null);
	}

	/** 403 {@code insufficient_scope}: the key lacks an ability the request requires. */
	public static BearerKeyError insufficientScope() {
		return new BearerKeyError(HttpStatus.FORBIDDEN, INSUFFICIENT_SCOPE,
				"The bearer token lacks an ability this request requires.", true, Duration.ZERO, null);
	}

	/** 403 without a challenge, for refusals that are not about the key (e.g. CSRF). */
	public static BearerKeyError forbidden(String description) {
		return new BearerKeyError(HttpStatus.FORBIDDEN, null, description, false, Duration.ZERO, null);
	}

	/** 503: the key store could not be reached, so nothing is let through. */
	public static BearerKeyError unavailable() {
		return new BearerKeyError(HttpStatus.SERVICE_UNAVAILABLE, null,
				"Authentication is temporarily unavailable; retry later.", false, UNAVAILABLE_RETRY, null);
	}

	private static long wholeSeconds(Duration duration) {
		return Math.max(1, (duration.toMillis() + 999) / 1000);
	}

}
