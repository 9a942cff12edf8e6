package dev.bearer.spring.security;

import java.util.Collection;

import dev.bearer.core.token.Token;
import dev.bearer.spring.ratelimit.QuotaStatus;
import dev.bearer.spring.ratelimit.RateLimitStatus;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request authenticated with a Bearer token. The principal is the {@link Token} (id,
 * owner, type, environment, name); the authorities are its abilities, so
 * {@code hasAuthority("orders:read")} and {@code @PreAuthorize} work. A token with the
 * {@code *} ability also has the authority {@code *}. It also carries what the token's
 * rate limit said about the request ({@link #getRateLimit()}), which the response
 * announces, and what is left of its quota ({@link #getQuota()}).
 */
public class BearerAuthentication extends AbstractAuthenticationToken {

	private final Token token;

	private final transient RateLimitStatus rateLimit;

	private final transient QuotaStatus quota;

	/**
	 * An authenticated request made with {@code token}, with nothing to announce about
	 * its rate limit.
	 */
	public BearerAuthentication(Token token) {
		this(token, RateLimitStatus.ALLOWED);
	}

	/**
	 * An authenticated request made with {@code token}, allowed by its rate limit as
	 * {@code rateLimit} says.
	 */
	public BearerAuthentication(Token token, RateLimitStatus rateLimit) {
		this(token, rateLimit, QuotaStatus.NONE);
	}

	/**
	 * An authenticated request made with {@code token}, allowed by its rate limit and its
	 * quota as {@code rateLimit} and {@code quota} say.
	 */
	public BearerAuthentication(Token token, RateLimitStatus rateLimit, QuotaStatus quota) {
		super(authorities(token));
		this.token = token;
		this.rateLimit = rateLimit;
		this.quota = quota;
		setAuthenticated(true);
	}

	/** The token that authenticated the request. */
	public Token getToken() {
		return this.token;
	}

	/**
	 * What the token's rate limit said about this request: its policy and the requests
	 * left, or {@link RateLimitStatus#ALLOWED} when there is nothing to announce.
	 */
	public RateLimitStatus getRateLimit() {
		return (this.rateLimit != null) ? this.rateLimit : RateLimitStatus.ALLOWED;
	}

	/**
	 * What the token's quota said about this request: the requests of the day or month,
	 * or the credits, left after it; {@link QuotaStatus#NONE} when the token has no
	 * quota.
	 */
	public QuotaStatus getQuota() {
		return (this.quota != null) ? this.quota : QuotaStatus.NONE;
	}

	@Override
	public Token getPrincipal() {
		return this.token;
	}

	/** Never the token string: it is not kept. */
	@Override
	public Object getCredentials() {
		return null;
	}

	/** The owner as {@code type:id}, e.g. {@code user:42}. */
	@Override
	public String getName() {
		return this.token.owner().type() + ":" + this.token.owner().id();
	}

	private static Collection<? extends GrantedAuthority> authorities(Token token) {
		return token.abilities().stream().map(SimpleGrantedAuthority::new).toList();
	}

}
