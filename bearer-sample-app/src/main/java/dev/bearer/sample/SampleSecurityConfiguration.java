package dev.bearer.sample;

import dev.bearer.spring.security.BearerAbilities;
import dev.bearer.spring.security.BearerConfigurer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The sample's chain: the dashboard's static files and the health status are public, the
 * {@code bearer} Actuator endpoint needs the {@code admin} ability, everything else a
 * bearer token. Every caller is a key holder (the dashboard page sends its key too) and
 * nothing uses a session, so CSRF protection is off.
 */
@Configuration(proxyBeanMethods = false)
class SampleSecurityConfiguration {

	@Bean
	SecurityFilterChain sampleSecurityFilterChain(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests(requests -> requests
				.requestMatchers("/", "/index.html", "/dashboard.js", "/dashboard.css", "/webjars/**", "/favicon.ico",
						"/error", "/actuator/health")
				.permitAll()
				.requestMatchers("/actuator/bearer")
				.access(BearerAbilities.ability("admin"))
				.anyRequest()
				.authenticated())
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable())
			.with(BearerConfigurer.bearer(), Customizer.withDefaults())
			.build();
	}

}
