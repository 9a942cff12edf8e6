package dev.bearer.spring.security;

import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Lets Bearer and Spring Security's OAuth2 resource server share one chain: the resource
 * server's authentication converter skips Bearer-key requests, so keys go to Bearer and
 * JWTs (or opaque tokens) to the resource server. The converter wrapped is the one the
 * resource server would choose itself from the context: an
 * {@link AuthenticationConverter} bean, else a converter over a
 * {@link BearerTokenResolver} bean, else Spring's default.
 */
final class ResourceServerComposition {

	private ResourceServerComposition() {
	}

	/**
	 * Makes the chain's resource server, if it has one, skip the requests
	 * {@code bearerKeys} matches.
	 */
	@SuppressWarnings("unchecked")
	static void skipBearerKeys(HttpSecurity http, RequestMatcher bearerKeys) {
		OAuth2ResourceServerConfigurer<HttpSecurity> resourceServer = http
			.getConfigurer(OAuth2ResourceServerConfigurer.class);
		if (resourceServer == null) {
			return;
		}
		AuthenticationConverter delegate = converterOf(http.getSharedObject(ApplicationContext.class));
		resourceServer
			.authenticationConverter(request -> bearerKeys.matches(request) ? null : delegate.convert(request));
	}

	private static AuthenticationConverter converterOf(ApplicationContext context) {
		if (context.getBeanNamesForType(AuthenticationConverter.class).length > 0) {
			return context.getBean(AuthenticationConverter.class);
		}
		BearerTokenAuthenticationConverter converter = new BearerTokenAuthenticationConverter();
		if (context.getBeanNamesForType(BearerTokenResolver.class).length > 0) {
			converter.setBearerTokenResolver(context.getBean(BearerTokenResolver.class));
		}
		return converter;
	}

}
