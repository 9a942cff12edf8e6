package dev.bearer.spring.security;

import java.time.Duration;
import java.util.Set;

import dev.bearer.core.token.AuthenticationFailureReason;
import dev.bearer.core.token.DomainPattern;
import dev.bearer.core.token.IpRange;
import dev.bearer.core.token.Token;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenResolution;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.token.TokenType;
import dev.bearer.core.token.TokenTypeRegistry;
import dev.bearer.spring.ratelimit.RateLimiter;

import org.springframework.security.authentication.InternalAuthenticationServiceException;

/**
 * Runs the checks on a presented key in order and stops at the first failure: format and
 * checksum, lookup, revoked, expired, environment accepted by this application, browser
 * use of a server-side-only type, client IP allow-list, domain allow-list, rate limit. A
 * refusal is a {@link BearerKeyAuthenticationException}; a failing key store is an
 * {@link InternalAuthenticationServiceException} (answered 503, never let through).
 * Spring Security reaches it through {@link BearerKeyAuthenticationProvider}.
 */
public final class BearerKeyVerifier {

	private final TokenService tokens;

	private final TokenTypeRegistry types;

	private final Set<TokenEnvironment> environments;

	private final RateLimiter rateLimiter;

	/**
	 * A verifier accepting keys of {@code environments}, limited by {@code rateLimiter}.
	 */
	public BearerKeyVerifier(TokenService tokens, TokenTypeRegistry types, Set<TokenEnvironment> environments,
			RateLimiter rateLimiter) {
		this.tokens = tokens;
		this.types = types;
		this.environments = Set.copyOf(environments);
		this.rateLimiter = rateLimiter;
	}

	/** The stored token {@code request}'s key stands for, once every check passed. */
	public Token verify(BearerKeyAuthenticationToken request) {
		Token token = resolve(request.getCredentials());
		if (!this.environments.contains(token.environment())) {
			throw refused(AuthenticationFailureReason.ENVIRONMENT_NOT_ALLOWED, token);
		}
		if (request.getDomain().fromBrowserOrigin() && isServerSideOnly(token)) {
			throw refused(AuthenticationFailureReason.BROWSER_NOT_ALLOWED, token);
		}
		if (!ipAllowed(token, request.getClientIp())) {
			throw refused(AuthenticationFailureReason.IP_BLOCKED, token);
		}
		if (!domainAllowed(token, request.getDomain().host())) {
			throw refused(AuthenticationFailureReason.DOMAIN_BLOCKED, token);
		}
		Duration retryAfter = this.rateLimiter.tryConsume(token);
		if (!retryAfter.isZero()) {
			throw new BearerKeyAuthenticationException(AuthenticationFailureReason.RATE_LIMITED, token,
					BearerKeyError.of(AuthenticationFailureReason.RATE_LIMITED, retryAfter));
		}
		return token;
	}

	private Token resolve(String key) {
		TokenResolution resolution;
		try {
			resolution = this.tokens.resolve(key);
		}
		catch (RuntimeException ex) {
			throw new InternalAuthenticationServiceException("The key store could not be reached", ex);
		}
		if (resolution instanceof TokenResolution.Rejected rejected) {
			throw refused(rejected.reason(), rejected.token());
		}
		return ((TokenResolution.Resolved) resolution).token();
	}

	private boolean isServerSideOnly(Token token) {
		return this.types.find(token.type()).map(TokenType::serverSideOnly).orElse(true);
	}

	private static BearerKeyAuthenticationException refused(AuthenticationFailureReason reason, Token token) {
		return new BearerKeyAuthenticationException(reason, token, BearerKeyError.of(reason, Duration.ZERO));
	}

	private static boolean ipAllowed(Token token, String clientIp) {
		return token.allowedIps().isEmpty()
				|| token.allowedIps().stream().map(IpRange::parse).anyMatch(range -> range.contains(clientIp));
	}

	private static boolean domainAllowed(Token token, String host) {
		return token.allowedDomains().isEmpty() || (host != null && token.allowedDomains()
			.stream()
			.map(DomainPattern::parse)
			.anyMatch(pattern -> pattern.matches(host)));
	}

}
