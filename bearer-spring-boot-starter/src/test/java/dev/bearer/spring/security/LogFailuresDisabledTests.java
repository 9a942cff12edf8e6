package dev.bearer.spring.security;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.event.TokenAuthenticationFailed;
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
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code bearer.audit.log-failures: false}: refused tokens write no row but still raise
 * the event.
 */
@SpringBootTest(classes = TestApplication.class, properties = "bearer.audit.log-failures=false")
@AutoConfigureMockMvc
@RecordApplicationEvents
class LogFailuresDisabledTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private TokenService tokens;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private ApplicationEvents events;

	@Test
	void refusedTokenWritesNoRowButUsageRowsStay() throws Exception {
		IssuedToken issued = this.tokens.issue(IssueTokenRequest.builder(TokenOwner.of("user", 10), "quiet").build());
		this.tokens.revoke(issued.token().id(), null);
		IssuedToken live = this.tokens.issue(IssueTokenRequest.builder(TokenOwner.of("user", 10), "used").build());

		this.mvc.perform(get("/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + issued.plaintext()))
			.andExpect(status().isUnauthorized());
		this.mvc.perform(get("/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + live.plaintext()))
			.andExpect(status().isOk());

		AuditTrail trail = new AuditTrail(this.context);
		assertThat(trail.ofToken(live.token().id())).extracting(AuditEntry::event)
			.containsExactly(AuditEvent.CREATED, AuditEvent.AUTHENTICATED);
		assertThat(trail.ofToken(issued.token().id())).extracting(AuditEntry::event)
			.containsExactly(AuditEvent.CREATED, AuditEvent.REVOKED);
		assertThat(this.events.stream(TokenAuthenticationFailed.class)).hasSize(1);
	}

}
