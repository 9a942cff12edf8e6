package dev.bearer.spring.autoconfigure;

import java.util.Map;

import dev.bearer.core.token.TokenService;
import dev.bearer.spring.secretscanning.SecretScanningFilter;
import dev.bearer.spring.secretscanning.SecretScanningSignatures;
import dev.bearer.spring.security.BearerKeyErrorWriter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * GitHub's secret-scanning partner endpoint, when
 * {@code bearer.secret-scanning.enabled=true}: a {@link SecurityFilterChain} of its own
 * for {@code bearer.secret-scanning.path} alone (no bearer key, no CSRF token, no
 * session), ordered ahead of the application's chains, whose last filter, a
 * {@link SecretScanningFilter}, answers the reports. Configured after
 * {@link BearerSecurityAutoConfiguration}, so this chain never makes Bearer's default
 * chain back off.
 */
@AutoConfiguration(after = BearerSecurityAutoConfiguration.class,
		beforeName = "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
@ConditionalOnBooleanProperty("bearer.secret-scanning.enabled")
public final class BearerSecretScanningAutoConfiguration {

	/**
	 * The order of the endpoint's chain: ahead of chains without an order, which match
	 * wider paths.
	 */
	public static final int CHAIN_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	@Bean
	@ConditionalOnMissingBean
	SecretScanningSignatures bearerSecretScanningSignatures(BearerProperties properties) {
		Map<String, String> keys = properties.getSecretScanning().getPublicKeys();
		if (keys.isEmpty()) {
			throw new IllegalStateException("bearer.secret-scanning.public-keys must hold at least one key (GitHub's, "
					+ "from https://api.github.com/meta/public_keys/secret_scanning) when "
					+ "bearer.secret-scanning.enabled is true");
		}
		return new SecretScanningSignatures(keys);
	}

	@Bean
	@Order(CHAIN_ORDER)
	SecurityFilterChain bearerSecretScanningFilterChain(HttpSecurity http, BearerProperties properties,
			TokenService tokens, SecretScanningSignatures signatures, BearerKeyErrorWriter errors,
			ObjectProvider<JsonMapper> jsonMapper) throws Exception {
		BearerProperties.SecretScanning settings = properties.getSecretScanning();
		long maxBodySize = settings.getMaxBodySize().toBytes();
		if (maxBodySize < 1 || maxBodySize >= Integer.MAX_VALUE) {
			throw new IllegalStateException("bearer.secret-scanning.max-body-size must be between 1B and 2GB (was "
					+ settings.getMaxBodySize() + ")");
		}
		if (settings.getMaxMatches() < 1) {
			throw new IllegalStateException(
					"bearer.secret-scanning.max-matches must be at least 1 (was " + settings.getMaxMatches() + ")");
		}
		SecretScanningFilter endpoint = new SecretScanningFilter(tokens, signatures,
				jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()), errors, (int) maxBodySize,
				settings.getMaxMatches());
		http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher(settings.getPath()))
			.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable())
			.requestCache(cache -> cache.disable())
			.addFilterAfter(endpoint, AuthorizationFilter.class);
		return http.build();
	}

}
