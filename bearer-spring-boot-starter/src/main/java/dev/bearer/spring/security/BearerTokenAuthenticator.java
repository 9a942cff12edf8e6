package dev.bearer.spring.security;

import java.time.Duration;
import java.util.Set;

import dev.bearer.core.event.AuthenticationFailureReason;
import dev.bearer.core.token.DomainPattern;
import dev.bearer.core.token.IpRange;
import dev.bearer.core.token.Token;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenRejection;
import dev.bearer.core.token.TokenResolution;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.token.TokenType;
import dev.bearer.core.token.TokenTypeRegistry;
import dev.bearer.spring.ratelimit.RateLimiter;

/**
 * Runs the checks on a presented token in order, stopping at the first failure: format and
 * checksum, lookup, revoked, expired, environment accepted by this application, browser use of a
 * server-side-only type, client IP allow-list, domain allow-list, rate limit.
 */
public final class BearerTokenAuthenticator {

	private final TokenService tokens;

	private final TokenTypeRegistry types;

	private final Set<TokenEnvironment> environments;

	private final RateLimiter rateLimiter;

	/** An authenticator accepting tokens of {@code environments}, limited by {@code rateLimiter}. */
	public BearerTokenAuthenticator(TokenService tokens, TokenTypeRegistry types, Set<TokenEnvironment> environments,
			RateLimiter rateLimiter) {
		this.tokens = tokens;
		this.types = types;
		this.environments = Set.copyOf(environments);
		this.rateLimiter = rateLimiter;
	}

	/** Checks {@code request}'s token; a failing token store throws (the caller answers 503). */
	public AuthenticationResult authenticate(BearerRequest request) {
		TokenResolution resolution = this.tokens.resolve(request.token());
		if (resolution instanceof TokenResolution.Rejected rejected) {
			return AuthenticationResult.Failure.of(reason(rejected.reason()), rejected.token());
		}
		Token token = ((TokenResolution.Resolved) resolution).token();
		if (!this.environments.contains(token.environment())) {
			return AuthenticationResult.Failure.of(AuthenticationFailureReason.ENVIRONMENT_NOT_ALLOWED, token);
		}
		if (request.domain().fromBrowserOrigin() && isServerSideOnly(token)) {
			return AuthenticationResult.Failure.of(AuthenticationFailureReason.BROWSER_NOT_ALLOWED, token);
		}
		if (!ipAllowed(token, request.clientIp())) {
			return AuthenticationResult.Failure.of(AuthenticationFailureReason.IP_BLOCKED, token);
		}
		if (!domainAllowed(token, request.domain().host())) {
			return AuthenticationResult.Failure.of(AuthenticationFailureReason.DOMAIN_BLOCKED, token);
		}
		Duration retryAfter = this.rateLimiter.tryConsume(token);
		if (!retryAfter.isZero()) {
			return new AuthenticationResult.Failure(AuthenticationFailureReason.RATE_LIMITED, token, retryAfter);
		}
		return new AuthenticationResult.Success(token);
	}

	private boolean isServerSideOnly(Token token) {
		return this.types.find(token.type()).map(TokenType::serverSideOnly).orElse(true);
	}

	private static boolean ipAllowed(Token token, String clientIp) {
		return token.allowedIps().isEmpty()
				|| token.allowedIps().stream().map(IpRange::parse).anyMatch(range -> range.contains(clientIp));
	}

	private static boolean domainAllowed(Token token, String host) {
		return token.allowedDomains().isEmpty() || (host != null
				&& token.allowedDomains().stream().map(DomainPattern::parse).anyMatch(pattern -> pattern.matches(host)));
	}

	private static AuthenticationFailureReason reason(TokenRejection rejection) {
		return switch (rejection) {
			case MALFORMED -> AuthenticationFailureReason.MALFORMED;
			case UNKNOWN -> AuthenticationFailureReason.UNKNOWN;
			case REVOKED -> AuthenticationFailureReason.REVOKED;
			case EXPIRED -> AuthenticationFailureReason.EXPIRED;
		};
	}

}
