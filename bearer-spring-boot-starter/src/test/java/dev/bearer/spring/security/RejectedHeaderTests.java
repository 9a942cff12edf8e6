package dev.bearer.spring.security;

import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.spring.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A header value Spring Security's firewall rejects (a control character) is the
 * firewall's 400, wherever Bearer reads it: never a 503 that blames the key store, and
 * the key is never logged with the rejected value.
 */
@SpringBootTest(classes = TestApplication.class, properties = "logging.level.org.springframework.security=debug")
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class RejectedHeaderTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private TokenService tokens;

	@Test
	void originTheFirewallRejectsBesideAValidKeyIs400(CapturedOutput output) throws Exception {
		IssuedToken issued = issue();

		this.mvc
			.perform(get("/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + issued.plaintext())
				.header(HttpHeaders.ORIGIN, "https://app.example.com\u0001"))
			.andExpect(status().isBadRequest());

		assertThat(output).doesNotContain("answering 503");
	}

	@Test
	void userAgentTheFirewallRejectsBesideAValidKeyIs400() throws Exception {
		IssuedToken issued = issue();

		this.mvc
			.perform(get("/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + issued.plaintext())
				.header(HttpHeaders.USER_AGENT, "agent\u0007"))
			.andExpect(status().isBadRequest());
	}

	@Test
	void authorizationTheFirewallRejectsIs400AndItsKeyIsNotLogged(CapturedOutput output) throws Exception {
		IssuedToken issued = issue();

		this.mvc.perform(get("/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + issued.plaintext() + "\u0000"))
			.andExpect(status().isBadRequest());

		assertThat(output).contains("Rejecting request").doesNotContain(issued.plaintext());
	}

	private IssuedToken issue() {
		return this.tokens.issue(IssueTokenRequest.builder(TokenOwner.of("user", "firewall"), "firewall").build());
	}

}
