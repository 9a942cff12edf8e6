package dev.bearer.spring.security;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.event.TokenAuthenticated;
import dev.bearer.core.test.AuditTrail;
import dev.bearer.core.test.MutableClock;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.LastUsedRecorder;
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

/** {@code bearer.audit.log-usage: false}, the seed's switch for high traffic. */
@SpringBootTest(classes = TestApplication.class,
		properties = { "bearer.audit.log-usage=false", "bearer.audit.last-used-resolution=0s" })
@AutoConfigureMockMvc
@RecordApplicationEvents
class LogUsageDisabledTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private TokenService tokens;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private LastUsedRecorder lastUsed;

	@Autowired
	private MutableClock clock;

	@Autowired
	private ApplicationEvents events;

	@Test
	void noAuthenticatedRowsButLifecycleAndFailureRowsAndLastUsedAtAreKept() throws Exception {
		IssuedToken issued = this.tokens.issue(IssueTokenRequest.builder(TokenOwner.of("user", 9), "busy").build());

		for (int i = 0; i < 5; i++) {
			this.mvc.perform(get("/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + issued.plaintext()))
				.andExpect(status().isOk());
		}
		this.tokens.revoke(issued.token().id(), "done");
		this.mvc.perform(get("/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + issued.plaintext()))
			.andExpect(status().isUnauthorized());

		assertThat(new AuditTrail(this.context).ofToken(issued.token().id())).extracting(AuditEntry::event)
			.containsExactly(AuditEvent.CREATED, AuditEvent.REVOKED, AuditEvent.FAILED);
		assertThat(this.events.stream(TokenAuthenticated.class)).hasSize(5);
		this.lastUsed.flush();
		assertThat(this.tokens.find(issued.token().id()).orElseThrow().lastUsedAt()).isEqualTo(this.clock.instant());
	}

}
