package dev.bearer.spring.security;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.bearer.core.event.TokenAuthenticated;
import dev.bearer.core.event.TokenAuthenticationFailed;
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
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Bearer's authentication events reach every kind of listener Spring offers for a
 * published object, each exactly once, and no listener of another payload type.
 */
@SpringBootTest(classes = { TestApplication.class, AuthenticationEventListenersTests.Listeners.class })
@AutoConfigureMockMvc
class AuthenticationEventListenersTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private TokenService tokens;

	@Autowired
	private Recorded recorded;

	@Test
	void annotatedAndGenericListenersEachReceiveTheRequestsEvents() throws Exception {
		IssuedToken issued = this.tokens
			.issue(IssueTokenRequest.builder(TokenOwner.of("user", "listeners"), "listened").build());

		this.mvc.perform(get("/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + issued.plaintext()))
			.andExpect(status().isOk());
		this.tokens.revoke(issued.token().id(), "done");
		this.mvc.perform(get("/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + issued.plaintext()))
			.andExpect(status().isUnauthorized());

		assertThat(this.recorded.annotated).filteredOn(event -> event.token().id().equals(issued.token().id()))
			.singleElement()
			.satisfies(event -> assertThat(event.ipAddress()).isEqualTo("127.0.0.1"));
		assertThat(this.recorded.generic).filteredOn(event -> event.token().id().equals(issued.token().id()))
			.singleElement()
			.isSameAs(this.recorded.annotated.stream()
				.filter(event -> event.token().id().equals(issued.token().id()))
				.findFirst()
				.orElseThrow());
		assertThat(this.recorded.failures).filteredOn(event -> issued.token().id().equals(event.tokenId()))
			.singleElement()
			.satisfies(event -> assertThat(event.reason().code()).isEqualTo("revoked"));
		assertThat(this.recorded.strings).isEmpty();
	}

	/** What the listeners received. */
	static class Recorded {

		final List<TokenAuthenticated> annotated = new CopyOnWriteArrayList<>();

		final List<TokenAuthenticated> generic = new CopyOnWriteArrayList<>();

		final List<TokenAuthenticationFailed> failures = new CopyOnWriteArrayList<>();

		final List<String> strings = new CopyOnWriteArrayList<>();

		@EventListener
		void onAuthenticated(TokenAuthenticated event) {
			this.annotated.add(event);
		}

		@EventListener
		void onFailed(TokenAuthenticationFailed event) {
			this.failures.add(event);
		}

		@EventListener
		void onString(String event) {
			this.strings.add(event);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Listeners {

		@Bean
		Recorded recorded() {
			return new Recorded();
		}

		@Bean
		ApplicationListener<PayloadApplicationEvent<TokenAuthenticated>> genericListener(Recorded recorded) {
			return event -> recorded.generic.add(event.getPayload());
		}

	}

}
