package dev.bearer.spring.security;

/**
 * The request's credentials break RFC 6750 ({@code invalid_request}), e.g. two tokens in
 * one request.
 */
public class InvalidBearerRequestException extends RuntimeException {

	/** Reports what is wrong with the request. */
	public InvalidBearerRequestException(String message) {
		super(message);
	}

}
