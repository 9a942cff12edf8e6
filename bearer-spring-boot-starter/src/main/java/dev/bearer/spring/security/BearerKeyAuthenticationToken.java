package dev.bearer.spring.security;

import java.util.List;
import java.util.Objects;

import dev.bearer.spring.web.RequestDomain;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * An authentication request: the Bearer key a request presented, with what the checks
 * need to know about the request. {@link BearerKeyAuthenticationProvider} turns it into a
 * {@link BearerAuthentication}. The key is the credential; {@code toString()} never shows
 * it.
 */
public class BearerKeyAuthenticationToken extends AbstractAuthenticationToken {

	private final String key;

	private final String clientIp;

	private final RequestDomain domain;

	/**
	 * A request presenting {@code key} from {@code clientIp} (through trusted proxies
	 * only) and {@code domain}.
	 */
	public BearerKeyAuthenticationToken(String key, String clientIp, RequestDomain domain) {
		super(List.of());
		this.key = Objects.requireNonNull(key, "key must not be null");
		this.clientIp = clientIp;
		this.domain = Objects.requireNonNull(domain, "domain must not be null");
	}

	/** The presented key. */
	@Override
	public String getCredentials() {
		return this.key;
	}

	/** Nobody yet: the key is not authenticated. */
	@Override
	public Object getPrincipal() {
		return null;
	}

	/** The client IP, or {@code null}. */
	public String getClientIp() {
		return this.clientIp;
	}

	/** The requesting domain (Origin, else Referer). */
	public RequestDomain getDomain() {
		return this.domain;
	}

}
