package dev.bearer.spring.security;

import java.time.Duration;
import java.util.UUID;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.event.TokenAuthenticated;
import dev.bearer.core.event.TokenAuthenticationFailed;
import dev.bearer.core.test.AuditTrail;
import dev.bearer.core.test.MutableClock;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.usage.AuditEntry;
import dev.bearer.spring.TestApplication;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultMatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A listener of Bearer's authentication events that throws fails neither the request nor
 * its audit row: the failure is counted and logged (without the token), and the request
 * goes on as if the listener had returned.
 */
@SpringBootTest(classes = { TestApplication.class, ListenerFailureTests.ThrowingListeners.class })
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class ListenerFailureTests {

	private static final String LOGGED = "listener of TokenAuthenticated threw";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private TokenService tokens;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private MutableClock clock;

	private AuditTrail trail;

	private String marker;

	@BeforeEach
	void startAfterAnyEarlierLogWindow(TestInfo test) {
		this.trail = new AuditTrail(this.context);
		this.marker = test.getTestMethod().orElseThrow().getName() + "/" + UUID.randomUUID();
		this.clock.advance(Duration.ofHours(1));
	}

	@Test
	void throwingAuthenticatedListenerLeavesTheRequestAndItsRowIntact(CapturedOutput output) throws Exception {
		IssuedToken issued = issue();
		assertThat(this.meters.find(BearerAuthenticationMetrics.LISTENER_FAILURES).counters())
			.as("bound for both events, so dashboards show zeros")
			.extracting(counter -> counter.getId().getTag("event"))
			.containsExactlyInAnyOrder("TokenAuthenticated", "TokenAuthenticationFailed");
		double before = failures("TokenAuthenticated");

		request(issued.plaintext(), status().isOk());

		AuditEntry row = this.trail.awaitOne(this.marker, AuditEvent.AUTHENTICATED);
		assertThat(row.tokenId()).isEqualTo(issued.token().id());
		assertThat(row.metadata()).containsEntry("put_before_the_failure", "kept")
			.containsEntry("endpoint", "/orders")
			.containsEntry("status", 200)
			.doesNotContainKey("entity");
		assertThat(failures("TokenAuthenticated")).isEqualTo(before + 1);
		assertThat(output).contains(LOGGED).contains("IllegalArgumentException").doesNotContain(issued.plaintext());
	}

	@Test
	void throwingFailureListenerLeavesTheRefusalAndItsRowIntact(CapturedOutput output) throws Exception {
		IssuedToken issued = issue();
		this.tokens.revoke(issued.token().id(), "leaked");
		double before = failures("TokenAuthenticationFailed");

		request(issued.plaintext(), status().isUnauthorized());

		AuditEntry row = this.trail.awaitOne(this.marker, AuditEvent.FAILED);
		assertThat(row.tokenId()).isEqualTo(issued.token().id());
		assertThat(failures("TokenAuthenticationFailed")).isEqualTo(before + 1);
		assertThat(output).contains("listener of TokenAuthenticationFailed threw").doesNotContain(issued.plaintext());
	}

	@Test
	void repeatedFailuresAreAllCountedAndLoggedOncePerMinute(CapturedOutput output) throws Exception {
		IssuedToken issued = issue();
		double before = failures("TokenAuthenticated");

		for (int i = 0; i < 3; i++) {
			request(issued.plaintext(), status().isOk());
		}
		assertThat(output.getOut().split(LOGGED, -1)).as("one log line for three failures").hasSize(2);
		this.clock.advance(Duration.ofSeconds(61));
		request(issued.plaintext(), status().isOk());

		assertThat(failures("TokenAuthenticated")).isEqualTo(before + 4);
		assertThat(output.getOut().split(LOGGED, -1)).as("a second line once the minute has passed").hasSize(3);
		assertThat(output).contains("2 more since");
		assertThat(this.trail.markedBy(this.marker, AuditEvent.AUTHENTICATED)).hasSize(4)
			.allSatisfy(row -> assertThat(row.metadata()).containsEntry("put_before_the_failure", "kept"));
	}

	private void request(String token, ResultMatcher expected) throws Exception {
		this.mvc
			.perform(get("/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.header(HttpHeaders.USER_AGENT, this.marker))
			.andExpect(expected);
	}

	private IssuedToken issue() {
		return this.tokens
			.issue(IssueTokenRequest.builder(TokenOwner.of("user", 77), "listened").abilities("orders:read").build());
	}

	private double failures(String event) {
		Counter counter = this.meters.find(BearerAuthenticationMetrics.LISTENER_FAILURES).tag("event", event).counter();
		return (counter != null) ? counter.count() : 0;
	}

	/** Listeners with a bug: one puts a value that is not JSON, one throws outright. */
	@TestConfiguration(proxyBeanMethods = false)
	static class ThrowingListeners {

		@Bean
		ThrowingListener throwingListener() {
			return new ThrowingListener();
		}

	}

	static class ThrowingListener {

		@EventListener
		void onAuthenticated(TokenAuthenticated event) {
			event.metadata().put("put_before_the_failure", "kept");
			event.metadata().put("entity", new Object());
		}

		@EventListener
		void onFailed(TokenAuthenticationFailed event) {
			throw new IllegalStateException("a bug in the application's listener");
		}

	}

}
