package dev.bearer.bench;

import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.spring.security.BearerConfigurer;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;

/**
 * The security chains of the variants. Every variant with Spring Security has the same
 * two chains: Actuator open (the script reads metrics from it), and a stateless chain
 * without CSRF for everything else, differing only in who authenticates.
 */
@Configuration(proxyBeanMethods = false)
class SecurityVariants {

	@Bean
	@Order(1)
	@Profile("!no-security")
	SecurityFilterChain actuatorChain(HttpSecurity http) throws Exception {
		return stateless(http.securityMatcher("/actuator/**")
			.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())).build();
	}

	@Bean
	@Order(2)
	@Profile("permit-all")
	SecurityFilterChain permitAllChain(HttpSecurity http) throws Exception {
		return stateless(http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())).build();
	}

	@Bean
	@Order(2)
	@Profile("bearer")
	SecurityFilterChain bearerChain(HttpSecurity http) throws Exception {
		return stateless(http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated()))
			.with(BearerConfigurer.bearer(), Customizer.withDefaults())
			.build();
	}

	@Bean
	@Order(2)
	@Profile("static-key")
	SecurityFilterChain staticKeyChain(HttpSecurity http, @Value("${bench.token-file}") String tokenFile)
			throws Exception {
		StaticKeyFilter filter = StaticKeyFilter.withRandomKey(key -> BenchTokenFile.write(tokenFile, key));
		return stateless(http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated()))
			.addFilterBefore(filter, UsernamePasswordAuthenticationFilter.class)
			.build();
	}

	@Bean
	@Order(2)
	@Profile("sanctum")
	SecurityFilterChain sanctumChain(HttpSecurity http, JdbcTemplate jdbc) throws Exception {
		return stateless(http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated()))
			.addFilterBefore(new SanctumStyleFilter(jdbc), AnonymousAuthenticationFilter.class)
			.build();
	}

	private static HttpSecurity stateless(HttpSecurity http) throws Exception {
		return http.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable());
	}

	/** Bearer's variant: method security on, and a token with the endpoint's ability. */
	@Configuration(proxyBeanMethods = false)
	@Profile("bearer")
	@EnableMethodSecurity
	static class BearerVariant {

		@Bean
		ApplicationListener<ApplicationReadyEvent> bearerBenchToken(TokenService tokens,
				@Value("${bench.token-file}") String tokenFile) {
			return event -> BenchTokenFile
				.write(tokenFile,
						tokens.issue(IssueTokenRequest.builder(TokenOwner.of("user", "bench"), "Load benchmark")
							.type("sk")
							.abilities("bench:read")
							.build()).plaintext());
		}

	}

	/** The Sanctum-style variant: its tables and a token, made at startup. */
	@Configuration(proxyBeanMethods = false)
	@Profile("sanctum")
	static class SanctumVariant {

		@Bean
		ApplicationListener<ApplicationReadyEvent> sanctumBenchToken(JdbcTemplate jdbc,
				@Value("${bench.token-file}") String tokenFile) {
			return event -> BenchTokenFile.write(tokenFile, SanctumStyleFilter.createToken(jdbc));
		}

	}

}
