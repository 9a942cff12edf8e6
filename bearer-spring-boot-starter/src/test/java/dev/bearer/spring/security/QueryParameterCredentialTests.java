package dev.bearer.spring.security;

import java.util.UUID;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.test.AuditTrail;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.usage.AuditEntry;
import dev.bearer.spring.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Where {@code access_token} is read, a key there and any credential in the
 * {@code Authorization} header (or the other way round) is two credentials: 400
 * {@code invalid_request} and a {@code failed} row without a token.
 */
@SpringBootTest(classes = TestApplication.class, properties = "bearer.authentication.allow-query-parameter=true")
@AutoConfigureMockMvc
class QueryParameterCredentialTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private TokenService tokens;

	@Autowired
	private ApplicationContext context;

	@Test
	void keyInTheParameterAuthenticatesAlone() throws Exception {
		IssuedToken issued = issue();

		this.mvc.perform(get("/whoami").param("access_token", issued.plaintext())).andExpect(status().isOk());
	}

	@Test
	void keyInTheHeaderBesideAnyAccessTokenParameterGets400AndAFailedRow() throws Exception {
		IssuedToken issued = issue();
		String marker = "query/" + UUID.randomUUID();

		this.mvc
			.perform(get("/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + issued.plaintext())
				.param("access_token", "not-a-key")
				.header(HttpHeaders.USER_AGENT, marker))
			.andExpect(status().isBadRequest())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("error=\"invalid_request\"")));

		assertInvalidRequestRow(marker, issued);
	}

	@Test
	void keyInTheParameterBesideABasicHeaderGets400AndAFailedRow() throws Exception {
		IssuedToken issued = issue();
		String marker = "query/" + UUID.randomUUID();

		this.mvc
			.perform(get("/whoami").header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNzd29yZA==")
				.param("access_token", issued.plaintext())
				.header(HttpHeaders.USER_AGENT, marker))
			.andExpect(status().isBadRequest());

		assertInvalidRequestRow(marker, issued);
	}

	private void assertInvalidRequestRow(String marker, IssuedToken issued) {
		AuditTrail trail = new AuditTrail(this.context);
		assertThat(trail.markedBy(marker)).singleElement().satisfies((AuditEntry row) -> {
			assertThat(row.event()).isEqualTo(AuditEvent.FAILED);
			assertThat(row.tokenId()).isNull();
			assertThat(row.metadata()).containsEntry("reason", "invalid_request")
				.containsEntry("endpoint", "/whoami")
				.containsEntry("method", "GET");
		});
		assertThat(trail.ofToken(issued.token().id(), AuditEvent.AUTHENTICATED)).isEmpty();
	}

	private IssuedToken issue() {
		return this.tokens.issue(IssueTokenRequest.builder(TokenOwner.of("user", "query"), "query").build());
	}

}
