package dev.bearer.spring.security;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import dev.bearer.core.token.AuthenticationFailureReason;
import dev.bearer.core.token.DomainPattern;
import dev.bearer.core.token.HashAlgorithm;
import dev.bearer.core.token.IpRange;
import dev.bearer.core.token.Token;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenResolution;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.token.TokenType;
import dev.bearer.core.token.TokenTypeRegistry;
import dev.bearer.spring.ratelimit.FailureBudget;
import dev.bearer.spring.ratelimit.FailureBudget.Admission;
import dev.bearer.spring.ratelimit.QuotaLimiter;
import dev.bearer.spring.ratelimit.QuotaStatus;
import dev.bearer.spring.ratelimit.RateLimitBackendUnavailableException;
import dev.bearer.spring.ratelimit.RateLimitStatus;
import dev.bearer.spring.ratelimit.RateLimiter;

import org.springframework.security.authentication.InternalAuthenticationServiceException;

/**
 * Runs the checks on a presented key in order and stops at the first failure: failure
 * budget, format and checksum, lookup, revoked, expired, environment accepted by this
 * application, browser use of a server-side-only type, client IP allow-list, domain
 * allow-list, rate limit, quota (a rate-limit backend that cannot be reached under
 * {@code on-backend-failure=reject}, or a quota that cannot be checked, is answered 503).
 * A lookup of a key the {@link FailureBudget} does not know is charged to the budgets of
 * the client and of the key (and refunded when it identifies a token); while either is
 * exhausted, such a key is only accepted from the lookup cache and otherwise refused
 * without a lookup ({@code budget_exhausted}, 429). A refusal is a
 * {@link BearerKeyAuthenticationException}; a failing key store is an
 * {@link InternalAuthenticationServiceException} (answered 503, never let through). Once
 * a lookup found the database unreachable, keys not in the lookup cache are answered 503
 * at once for the outage probe interval, rather than each waiting for the connection
 * pool's timeout; cached keys keep working. Spring Security reaches it through
 * {@link BearerKeyAuthenticationProvider}.
 */
public final class BearerKeyVerifier {

	/**
	 * How long keys not in the cache are refused at once after the key store was found
	 * unreachable.
	 */
	public static final Duration DEFAULT_OUTAGE_PROBE_INTERVAL = Duration.ofSeconds(1);

	private final TokenService tokens;

	private final TokenTypeRegistry types;

	private final Set<TokenEnvironment> environments;

	private final RateLimiter rateLimiter;

	private final QuotaLimiter quotaLimiter;

	private final FailureBudget failureBudget;

	private final KeyStoreOutage outage;

	/**
	 * A verifier accepting keys of {@code environments}, limited by {@code rateLimiter}
	 * and {@code quotaLimiter}, looking keys up within {@code failureBudget}, and probing
	 * an unreachable key store once per {@link #DEFAULT_OUTAGE_PROBE_INTERVAL}.
	 */
	public BearerKeyVerifier(TokenService tokens, TokenTypeRegistry types, Set<TokenEnvironment> environments,
			RateLimiter rateLimiter, QuotaLimiter quotaLimiter, FailureBudget failureBudget) {
		this(tokens, types, environments, rateLimiter, quotaLimiter, failureBudget, DEFAULT_OUTAGE_PROBE_INTERVAL);
	}

	/**
	 * A verifier accepting keys of {@code environments}, limited by {@code rateLimiter}
	 * and {@code quotaLimiter}, and looking keys up within {@code failureBudget}; once a
	 * lookup found the key store unreachable, keys not in the lookup cache are refused at
	 * once (503) for {@code outageProbeInterval} before the next lookup probes it again.
	 */
	public BearerKeyVerifier(TokenService tokens, TokenTypeRegistry types, Set<TokenEnvironment> environments,
			RateLimiter rateLimiter, QuotaLimiter quotaLimiter, FailureBudget failureBudget,
			Duration outageProbeInterval) {
		this.tokens = tokens;
		this.types = types;
		this.environments = Set.copyOf(environments);
		this.rateLimiter = rateLimiter;
		this.quotaLimiter = quotaLimiter;
		this.failureBudget = failureBudget;
		this.outage = new KeyStoreOutage(outageProbeInterval);
	}

	/** The stored token {@code request}'s key stands for, once every check passed. */
	public Token verify(BearerKeyAuthenticationToken request) {
		return authenticate(request).getToken();
	}

	/**
	 * The authentication of {@code request} once every check passed, carrying what the
	 * token's rate limit and quota said (for the response's {@code RateLimit} header
	 * fields).
	 */
	public BearerAuthentication authenticate(BearerKeyAuthenticationToken request) {
		Token token = resolve(request.getCredentials(), request.getClientIp());
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
		RateLimitStatus rateLimit;
		try {
			rateLimit = this.rateLimiter.consume(token);
		}
		catch (RateLimitBackendUnavailableException ex) {
			throw new InternalAuthenticationServiceException(ex.getMessage(), ex);
		}
		if (!rateLimit.allowed()) {
			throw new BearerKeyAuthenticationException(AuthenticationFailureReason.RATE_LIMITED, token,
					BearerKeyError.rateLimited(rateLimit));
		}
		QuotaStatus quota;
		try {
			quota = this.quotaLimiter.consume(token);
		}
		catch (RuntimeException ex) {
			throw new InternalAuthenticationServiceException("The token's quota could not be checked", ex);
		}
		if (!quota.allowed()) {
			throw new BearerKeyAuthenticationException(AuthenticationFailureReason.QUOTA_EXHAUSTED, token,
					BearerKeyError.quotaExhausted(quota));
		}
		return new BearerAuthentication(token, rateLimit, quota);
	}

	private Token resolve(String key, String clientIp) {
		String digest = HashAlgorithm.SHA256.hash(key);
		Admission admission = this.failureBudget.admit(clientIp, digest);
		TokenResolution resolution;
		try {
			resolution = lookUp(key, admission);
		}
		catch (InternalAuthenticationServiceException ex) {
			this.failureBudget.released(clientIp, digest, admission);
			throw ex;
		}
		Token token = (resolution instanceof TokenResolution.Rejected rejected) ? rejected.token()
				: ((TokenResolution.Resolved) resolution).token();
		if (token != null) {
			this.failureBudget.identified(clientIp, digest, admission);
		}
		else {
			this.failureBudget.unidentified(clientIp, digest, admission);
		}
		if (resolution instanceof TokenResolution.Rejected rejected) {
			throw refused(rejected.reason(), rejected.token());
		}
		return token;
	}

	/**
	 * Resolves the key: looked up when admitted, else from the cache alone, and refused
	 * for the exhausted budget when the cache does not hold it. Whether an outage is
	 * suspected is read once, so a key the stale cache did not hold is answered 503 even
	 * when the probe interval ends meanwhile, never 429 as if the budget were exhausted.
	 */
	private TokenResolution lookUp(String key, Admission admission) {
		boolean outageSuspected = this.outage.suspected();
		Optional<TokenResolution> resolution;
		try {
			if (!admission.admitted()) {
				resolution = this.tokens.resolveFromCache(key);
			}
			else if (outageSuspected) {
				resolution = this.tokens.resolveFromStaleCache(key);
			}
			else {
				resolution = Optional.of(resolveReaching(key));
			}
		}
		catch (RuntimeException ex) {
			throw new InternalAuthenticationServiceException("The key store could not be reached", ex);
		}
		if (resolution.isEmpty() && outageSuspected) {
			throw new InternalAuthenticationServiceException(
					"The key store was unreachable moments ago and the key is not in the lookup cache");
		}
		return resolution
			.orElseThrow(() -> new BearerKeyAuthenticationException(AuthenticationFailureReason.BUDGET_EXHAUSTED, null,
					BearerKeyError.of(AuthenticationFailureReason.BUDGET_EXHAUSTED, admission.retryAfter())));
	}

	private TokenResolution resolveReaching(String key) {
		try {
			TokenResolution resolution = this.tokens.resolve(key);
			this.outage.reached();
			return resolution;
		}
		catch (RuntimeException ex) {
			this.outage.failed(ex);
			throw ex;
		}
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
