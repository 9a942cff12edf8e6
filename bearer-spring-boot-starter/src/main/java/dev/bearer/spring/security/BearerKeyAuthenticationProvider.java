package dev.bearer.spring.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;

/**
 * Spring Security's way into Bearer: authenticates a {@link BearerKeyAuthenticationToken}
 * with the {@link BearerKeyVerifier} and answers a {@link BearerAuthentication}, or
 * throws a {@link BearerKeyAuthenticationException} carrying the refusal. Add it to a
 * {@code ProviderManager} of your own beside other providers. It is deliberately not a
 * bean: a lone {@code AuthenticationProvider} bean would become Spring Security's global
 * authentication manager and displace the application's own {@code UserDetailsService}
 * login.
 */
public final class BearerKeyAuthenticationProvider implements AuthenticationProvider {

	private final BearerKeyVerifier verifier;

	/** A provider checking keys with {@code verifier}. */
	public BearerKeyAuthenticationProvider(BearerKeyVerifier verifier) {
		this.verifier = verifier;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BearerKeyAuthenticationToken.class.isAssignableFrom(authentication);
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		return this.verifier.authenticate((BearerKeyAuthenticationToken) authentication);
	}

}
