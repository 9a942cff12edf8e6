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
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The configurer's options in a chain that also has HTTP Basic: keys come from an
 * {@code X-Api-Key} header, and Bearer's entry point, access-denied handler and CSRF
 * exemption apply to the requests its request matcher names, and only to those.
 */
@SpringBootTest(classes = TestApplication.class)
@AutoConfigureMockMvc
@RecordApplicationEvents
@Import(BearerConfigurerOptionsTests.ApiKeysBesideBasic.class)
class BearerConfigurerOptionsTests {

	private static final String API_KEY = "X-Api-Key";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private TokenService tokens;

	@Autowired
	private ApplicationEvents events;

	@Test
	void keyResolverOptionReadsKeysFromItsOwnHeader() throws Exception {
		IssuedToken reader = issue("orders:read");

		this.mvc.perform(get("/orders").header(API_KEY, reader.plaintext())).andExpect(status().isOk());
		this.mvc.perform(get("/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + reader.plaintext()))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Basic")));
	}

	@Test
	void keyAuthenticationGoesThroughAProviderManagerThatPublishesSpringSecurityEvents() throws Exception {
		IssuedToken reader = issue("orders:read");

		this.mvc.perform(get("/orders").header(API_KEY, reader.plaintext())).andExpect(status().isOk());

		assertThat(this.events.stream(AuthenticationSuccessEvent.class)).anySatisfy(
				event -> assertThat(event.getAuthentication()).isInstanceOfSatisfying(BearerAuthentication.class,
						bearer -> assertThat(bearer.getToken().id()).isEqualTo(reader.token().id())));
	}

	@Test
	void accessDeniedHandlerOptionAnswersAKeyWithoutTheAbility() throws Exception {
		IssuedToken reader = issue("orders:read");

		this.mvc.perform(post("/orders").header(API_KEY, reader.plaintext()))
			.andExpect(status().isForbidden())
			.andExpect(header().string("X-Refused-By", "api-keys"));
	}

	@Test
	void otherMechanismsOfTheChainKeepWorking() throws Exception {
		this.mvc.perform(get("/orders").with(httpBasic("clerk", "secret"))).andExpect(status().isForbidden());
		this.mvc.perform(get("/orders").with(httpBasic("clerk", "wrong"))).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/async").with(httpBasic("clerk", "secret"))).andExpect(status().isOk());
	}

	@Test
	void entryPointOptionAnswersTheRequestsOfTheRequestMatcherOnly() throws Exception {
		this.mvc.perform(get("/async"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("X-Refused-By", "api-keys"));
		this.mvc.perform(get("/whoami"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Basic")))
			.andExpect(header().doesNotExist("X-Refused-By"));
	}

	@Test
	void csrfIsWaivedForKeyRequestsOnly() throws Exception {
		IssuedToken writer = issue("orders:write");

		this.mvc.perform(post("/orders").header(API_KEY, writer.plaintext())).andExpect(status().isCreated());
		this.mvc.perform(post("/orders").with(httpBasic("clerk", "secret"))).andExpect(status().isForbidden());
	}

	@Test
	void refusedKeyIsAnsweredByTheFilterNotTheEntryPoint() throws Exception {
		IssuedToken revoked = issue("orders:read");
		this.tokens.revoke(revoked.token().id(), "test");

		this.mvc.perform(get("/orders").header(API_KEY, revoked.plaintext()))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer")))
			.andExpect(header().doesNotExist("X-Refused-By"));
	}

	private IssuedToken issue(String ability) {
		return this.tokens
			.issue(IssueTokenRequest.builder(TokenOwner.of("user", 3), "client").abilities(ability).build());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ApiKeysBesideBasic {

		@Bean
		UserDetailsService clerks() {
			return new InMemoryUserDetailsManager(
					User.withUsername("clerk").password("{noop}secret").roles("CLERK").build());
		}

		@Bean
		SecurityFilterChain apiKeysBesideBasic(HttpSecurity http) throws Exception {
			BearerKeyResolver apiKeyHeader = request -> {
				String key = request.getHeader(API_KEY);
				return DefaultBearerKeyResolver.isBearerKey(key) ? key : null;
			};
			return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
				.with(BearerConfigurer.bearer()
					.keyResolver(apiKeyHeader)
					.requestMatcher(
							request -> request.getHeader(API_KEY) != null || "/async".equals(request.getRequestURI()))
					.authenticationEntryPoint((request, response, ex) -> {
						response.setHeader("X-Refused-By", "api-keys");
						response.sendError(401);
					})
					.accessDeniedHandler((request, response, ex) -> {
						response.setHeader("X-Refused-By", "api-keys");
						response.sendError(403);
					}), Customizer.withDefaults())
				.httpBasic(Customizer.withDefaults())
				.build();
		}

	}

}
