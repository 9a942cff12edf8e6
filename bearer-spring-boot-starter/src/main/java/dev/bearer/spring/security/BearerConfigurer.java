package dev.bearer.spring.security;

import dev.bearer.spring.web.ClientIpResolver;

import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.ClassUtils;

/**
 * Adds Bearer-key authentication to a {@code SecurityFilterChain}:
 * {@code http.with(BearerConfigurer.bearer(), Customizer.withDefaults())}. It adds
 * {@link BearerKeyAuthenticationFilter} and, for Bearer-key requests only (see
 * {@link #requestMatcher(RequestMatcher)}), registers its entry point and access-denied
 * handler (RFC 6750 challenges) and exempts them from CSRF protection. When the chain
 * also has an OAuth2 resource server ({@code oauth2ResourceServer(...)}), keys go to
 * Bearer and other bearer tokens (JWTs) to the resource server. Every part defaults to
 * the bean Bearer's auto-configuration defines.
 */
public final class BearerConfigurer extends AbstractHttpConfigurer<BearerConfigurer, HttpSecurity> {

	private static final String RESOURCE_SERVER_CONFIGURER = "org.springframework.security.config.annotation.web."
			+ "configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer";

	private BearerKeyResolver keyResolver;

	private AuthenticationManager authenticationManager;

	private AuthenticationEntryPoint authenticationEntryPoint;

	private AccessDeniedHandler accessDeniedHandler;

	private RequestMatcher requestMatcher;

	/** A configurer to pass to {@code HttpSecurity.with}. */
	public static BearerConfigurer bearer() {
		return new BearerConfigurer();
	}

	/**
	 * Finds keys with {@code keyResolver} instead of the {@link BearerKeyResolver} bean.
	 */
	public BearerConfigurer keyResolver(BearerKeyResolver keyResolver) {
		this.keyResolver = keyResolver;
		return this;
	}

	/**
	 * Authenticates keys with {@code authenticationManager} instead of a
	 * {@link ProviderManager} over a {@link BearerKeyAuthenticationProvider} of the
	 * {@link BearerKeyVerifier} bean; it must answer a
	 * {@link BearerKeyAuthenticationToken} with a {@link BearerAuthentication} or a
	 * {@link BearerKeyAuthenticationException}: anything else is answered 503, never let
	 * through.
	 */
	public BearerConfigurer authenticationManager(AuthenticationManager authenticationManager) {
		this.authenticationManager = authenticationManager;
		return this;
	}

	/**
	 * Answers unauthenticated Bearer-key requests with {@code authenticationEntryPoint}
	 * instead of {@link BearerAuthenticationEntryPoint}.
	 */
	public BearerConfigurer authenticationEntryPoint(AuthenticationEntryPoint authenticationEntryPoint) {
		this.authenticationEntryPoint = authenticationEntryPoint;
		return this;
	}

	/**
	 * Answers refused Bearer-key requests with {@code accessDeniedHandler} instead of
	 * {@link BearerAccessDeniedHandler}.
	 */
	public BearerConfigurer accessDeniedHandler(AccessDeniedHandler accessDeniedHandler) {
		this.accessDeniedHandler = accessDeniedHandler;
		return this;
	}

	/**
	 * Which requests count as Bearer-key requests for the entry point, the access-denied
	 * handler and the CSRF exemption; by default a {@link BearerKeyRequestMatcher} over
	 * the key resolver.
	 */
	public BearerConfigurer requestMatcher(RequestMatcher requestMatcher) {
		this.requestMatcher = requestMatcher;
		return this;
	}

	@Override
	public void init(HttpSecurity http) {
		RequestMatcher bearerKeys = requestMatcher(http);
		ExceptionHandlingConfigurer<HttpSecurity> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
		if (exceptions != null) {
			exceptions.defaultAuthenticationEntryPointFor(authenticationEntryPoint(http), bearerKeys);
			exceptions.defaultAccessDeniedHandlerFor(accessDeniedHandler(http), bearerKeys);
		}
		CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
		if (csrf != null) {
			csrf.ignoringRequestMatchers(bearerKeys);
		}
		if (ClassUtils.isPresent(RESOURCE_SERVER_CONFIGURER, getClass().getClassLoader())) {
			ResourceServerComposition.skipBearerKeys(http, bearerKeys);
		}
	}

	@Override
	public void configure(HttpSecurity http) {
		ApplicationContext context = context(http);
		BearerKeyAuthenticationFilter filter = new BearerKeyAuthenticationFilter(keyResolver(http),
				authenticationManager(http), context.getBean(AuthenticationRecorder.class),
				context.getBean(BearerKeyErrorWriter.class), context.getBean(ClientIpResolver.class));
		SecurityContextHolderStrategy strategy = context.getBeanProvider(SecurityContextHolderStrategy.class)
			.getIfAvailable();
		if (strategy != null) {
			filter.setSecurityContextHolderStrategy(strategy);
		}
		http.addFilterBefore(postProcess(filter), UsernamePasswordAuthenticationFilter.class);
	}

	private BearerKeyResolver keyResolver(HttpSecurity http) {
		if (this.keyResolver == null) {
			this.keyResolver = context(http).getBean(BearerKeyResolver.class);
		}
		return this.keyResolver;
	}

	private RequestMatcher requestMatcher(HttpSecurity http) {
		if (this.requestMatcher == null) {
			this.requestMatcher = new BearerKeyRequestMatcher(keyResolver(http));
		}
		return this.requestMatcher;
	}

	private AuthenticationManager authenticationManager(HttpSecurity http) {
		if (this.authenticationManager == null) {
			ApplicationContext context = context(http);
			ProviderManager providers = new ProviderManager(
					new BearerKeyAuthenticationProvider(context.getBean(BearerKeyVerifier.class)));
			context.getBeanProvider(AuthenticationEventPublisher.class)
				.ifAvailable(providers::setAuthenticationEventPublisher);
			this.authenticationManager = providers;
		}
		return this.authenticationManager;
	}

	private AuthenticationEntryPoint authenticationEntryPoint(HttpSecurity http) {
		return (this.authenticationEntryPoint != null) ? this.authenticationEntryPoint
				: new BearerAuthenticationEntryPoint(context(http).getBean(BearerKeyErrorWriter.class));
	}

	private AccessDeniedHandler accessDeniedHandler(HttpSecurity http) {
		return (this.accessDeniedHandler != null) ? this.accessDeniedHandler
				: new BearerAccessDeniedHandler(context(http).getBean(BearerKeyErrorWriter.class));
	}

	private static ApplicationContext context(HttpSecurity http) {
		return http.getSharedObject(ApplicationContext.class);
	}

}
