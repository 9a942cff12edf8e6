package dev.bearer.spring.security;

import dev.bearer.spring.web.ClientIpResolver;

import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Adds Bearer authentication to a {@code SecurityFilterChain}:
 * {@code http.with(BearerConfigurer.bearer(), Customizer.withDefaults())}. It adds the
 * authentication filter and makes 401 and 403 answers RFC 6750 challenges. The parts come from
 * the beans Bearer's auto-configuration defines.
 */
public final class BearerConfigurer extends AbstractHttpConfigurer<BearerConfigurer, HttpSecurity> {

	/** A configurer to pass to {@code HttpSecurity.with}. */
	public static BearerConfigurer bearer() {
		return new BearerConfigurer();
	}

	@Override
	public void init(HttpSecurity http) {
		BearerErrorResponder responder = context(http).getBean(BearerErrorResponder.class);
		http.exceptionHandling(exceptions -> exceptions
			.authenticationEntryPoint(new BearerAuthenticationEntryPoint(responder))
			.accessDeniedHandler(new BearerAccessDeniedHandler(responder)));
	}

	@Override
	public void configure(HttpSecurity http) {
		ApplicationContext context = context(http);
		BearerTokenAuthenticationFilter filter = new BearerTokenAuthenticationFilter(
				context.getBean(BearerTokenResolver.class), context.getBean(BearerTokenAuthenticator.class),
				context.getBean(AuthenticationRecorder.class), context.getBean(BearerErrorResponder.class),
				context.getBean(ClientIpResolver.class));
		SecurityContextHolderStrategy strategy = context.getBeanProvider(SecurityContextHolderStrategy.class)
			.getIfAvailable();
		if (strategy != null) {
			filter.setSecurityContextHolderStrategy(strategy);
		}
		http.addFilterBefore(postProcess(filter), BasicAuthenticationFilter.class);
	}

	private static ApplicationContext context(HttpSecurity http) {
		return http.getSharedObject(ApplicationContext.class);
	}

}
