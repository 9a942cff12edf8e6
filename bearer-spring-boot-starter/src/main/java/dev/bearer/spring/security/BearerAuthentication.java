package dev.bearer.spring.security;

import java.util.Collection;

import dev.bearer.core.token.Token;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request authenticated with a Bearer token. The principal is the {@link Token} (id,
 * owner, type, environment, name); the authorities are its abilities, so
 * {@code hasAuthority("orders:read")} and {@code @PreAuthorize} work. A token with the
 * {@code *} ability also has the authority {@code *}.
 */
public class BearerAuthentication extends AbstractAuthenticationToken {

	private final Token token;

	/** An authenticated request made with {@code token}. */
	public BearerAuthentication(Token token) {
		super(authorities(token));
		this.token = token;
		setAuthenticated(true);
	}

	/** The token that authenticated the request. */
	public Token getToken() {
		return this.token;
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
