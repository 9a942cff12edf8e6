package dev.bearer.spring.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Matches the requests Bearer answers for: those that present a Bearer key (or malformed
 * bearer-key credentials) as the {@link BearerKeyResolver} sees them.
 */
public final class BearerKeyRequestMatcher implements RequestMatcher {

	private final BearerKeyResolver keyResolver;

	/** A matcher asking {@code keyResolver}. */
	public BearerKeyRequestMatcher(BearerKeyResolver keyResolver) {
		this.keyResolver = keyResolver;
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		try {
			return this.keyResolver.resolve(request) != null;
		}
		catch (InvalidBearerRequestException ex) {
			return true;
		}
	}

}
