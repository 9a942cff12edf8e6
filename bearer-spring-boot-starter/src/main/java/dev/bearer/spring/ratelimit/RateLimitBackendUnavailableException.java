package dev.bearer.spring.ratelimit;

/**
 * The shared rate-limit backend cannot be reached and
 * {@code bearer.rate-limit.on-backend-failure} is {@code reject}: the request is answered
 * 503.
 */
public class RateLimitBackendUnavailableException extends RuntimeException {

	/** The backend named {@code backend} is unavailable. */
	public RateLimitBackendUnavailableException(String backend) {
		super("The " + backend + " rate-limit backend cannot be reached (bearer.rate-limit.on-backend-failure=reject)");
	}

}
