package dev.bearer.spring.security;

import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.spring.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * An application's own chain with {@code http.with(bearer(), withDefaults())} and rules
 * of its own.
 */
@SpringBootTest(classes = TestApplication.class)
@AutoConfigureMockMvc
@Import(ApplicationChainTests.OwnChain.class)
class ApplicationChainTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private TokenService tokens;

	@Test
	void ownRulesApplyAndBearerAuthenticates() throws Exception {
		IssuedToken reader = this.tokens
			.issue(IssueTokenRequest.builder(TokenOwner.of("user", 5), "reader").abilities("orders:read").build());
		IssuedToken admin = this.tokens
			.issue(IssueTokenRequest.builder(TokenOwner.of("user", 5), "admin").abilities("*").build());

		this.mvc.perform(get("/whoami")).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + reader.plaintext()))
			.andExpect(status().isOk());
		this.mvc.perform(get("/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + reader.plaintext()))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + admin.plaintext()))
			.andExpect(status().isOk());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class OwnChain {

		@Bean
		SecurityFilterChain applicationChain(HttpSecurity http) throws Exception {
			return http
				.authorizeHttpRequests(requests -> requests.requestMatchers("/whoami")
					.access(BearerAbilities.ability("admin"))
					.anyRequest()
					.authenticated())
				.with(BearerConfigurer.bearer(), Customizer.withDefaults())
				.build();
		}

	}

}
