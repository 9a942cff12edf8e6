package dev.bearer.spring.security;

import dev.bearer.core.token.Token;

/**
 * Counts authentication outcomes ({@code authenticated}, a failure reason's code, or
 * {@code error}) and exceptions thrown by listeners of the authentication events.
 * {@link BearerAuthenticationMetrics} counts them in Micrometer; {@link #NONE} when there
 * is no meter registry.
 */
@FunctionalInterface
public interface AuthenticationOutcomes {

	/** Counts nothing. */
	AuthenticationOutcomes NONE = (outcome, token) -> {
	};

	/**
	 * Counts one {@code outcome} of {@code token} ({@code null} when no stored token was
	 * identified).
	 */
	void count(String outcome, Token token);

	/**
	 * Counts one exception thrown by a listener of an event of {@code eventType} (the
	 * event's simple class name); counts nothing by default.
	 */
	default void countListenerFailure(String eventType) {
	}

}
