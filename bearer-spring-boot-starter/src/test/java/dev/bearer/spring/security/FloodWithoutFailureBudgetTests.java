package dev.bearer.spring.security;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.test.AuditTrail;
import dev.bearer.core.test.MutableClock;
import dev.bearer.core.test.StatementCounter;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.spring.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The baseline of the flood in {@link FailureBudgetContractTests}, measured the same way
 * with {@code bearer.authentication.failure-budget.enabled=false}: every forged key costs
 * a lookup and writes a row.
 */
@SpringBootTest(classes = TestApplication.class, properties = "bearer.authentication.failure-budget.enabled=false")
@AutoConfigureMockMvc
class FloodWithoutFailureBudgetTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private TokenService tokens;

	@Autowired
	private StatementCounter statements;

	@Autowired
	private MutableClock clock;

	@Autowired
	private ApplicationContext context;

	@Test
	void withoutTheBudgetEveryForgedKeyCostsALookupAndARow() throws Exception {
		AuditTrail trail = new AuditTrail(this.context);
		trail.clear();
		this.clock.set(Instant.parse("2026-07-01T08:00:00Z"));
		String marker = "baseline/" + UUID.randomUUID();
		IssuedToken sameAddressKey = this.tokens
			.issue(IssueTokenRequest.builder(TokenOwner.of("user", 14), "a").build());
		IssuedToken otherAddressKey = this.tokens
			.issue(IssueTokenRequest.builder(TokenOwner.of("user", 14), "b").build());
		Flood.Plan plan = new Flood.Plan("2001:db8::66", marker + "/flood", sameAddressKey.plaintext(),
				marker + "/same-address", "2001:db8::77", otherAddressKey.plaintext(), marker + "/other-address");

		Flood.Result result = new Flood(this.mvc, this.statements, this.clock).run(plan, Duration.ofSeconds(3),
				Duration.ofSeconds(15));

		long floodRows = trail.markedBy(plan.floodMarker(), AuditEvent.FAILED).size();
		System.out.printf(
				"FLOOD baseline without failure budget: %d forged-key requests in 3 s %s -> %d failure rows (%.5f per"
						+ " request), %d SQL statements (%.5f per request); legitimate clients: %d and %d requests%n",
				result.floodRequests(), result.floodAnswers(), floodRows, (double) floodRows / result.floodRequests(),
				result.floodStatements(), (double) result.floodStatements() / result.floodRequests(),
				result.sameAddressRequests(), result.otherAddressRequests());
		assertThat(result.floodAnswers()).containsOnlyKeys(401);
		assertThat(floodRows).isEqualTo(result.floodRequests());
		assertThat(result.floodStatements()).isGreaterThanOrEqualTo(result.floodRequests());
	}

}
