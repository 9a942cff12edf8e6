package dev.bearer.core.token;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.bearer.core.CoreTestApplication;
import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.test.AuditTrail;
import dev.bearer.core.test.MutableClock;
import dev.bearer.core.test.StatementCounter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TokenService#revokeLeaked} against a real database, where reports of one key
 * race; one short subclass per database runs it.
 */
@SpringBootTest(classes = CoreTestApplication.class)
@RecordApplicationEvents
public abstract class LeakedTokenContractTests {

	private static final TokenOwner OWNER = TokenOwner.of("user", 3);

	@Autowired
	private TokenService tokens;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private MutableClock clock;

	@Autowired
	private StatementCounter statements;

	@Autowired
	private ApplicationEvents events;

	private AuditTrail trail;

	@BeforeEach
	void startFromEmptyTables() {
		this.trail = new AuditTrail(this.context);
		this.trail.clear();
		this.clock.set(Instant.parse("2026-03-01T10:00:00Z"));
	}

	@Test
	void concurrentReportsOfOneKeyRevokeItOnceWithOneRowAndOneEvent() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 10; round++) {
				IssuedToken issued = this.tokens.issue(
						IssueTokenRequest.builder(OWNER, "raced " + round).environment(TokenEnvironment.LIVE).build());
				CyclicBarrier start = new CyclicBarrier(2);
				List<Future<LeakOutcome>> reports = new ArrayList<>();
				for (int reporter = 0; reporter < 2; reporter++) {
					reports.add(pool.submit(() -> {
						start.await();
						return this.tokens.revokeLeaked(issued.plaintext(), "https://example.com/leak");
					}));
				}
				List<LeakOutcome> outcomes = new ArrayList<>();
				for (Future<LeakOutcome> report : reports) {
					outcomes.add(report.get(30, TimeUnit.SECONDS));
				}

				long id = issued.token().id();
				assertThat(outcomes).as("round " + round)
					.containsExactlyInAnyOrder(LeakOutcome.REVOKED, LeakOutcome.ALREADY_REVOKED);
				assertThat(this.trail.ofToken(id, AuditEvent.REVOKED)).as("round " + round).hasSize(1);
				assertThat(this.events.stream(TokenLeaked.class).filter(event -> event.token().id() == id))
					.as("round " + round)
					.hasSize(1);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void malformedStringIsUnknownWithoutAnySqlStatement() {
		String plaintext = this.tokens.issue(IssueTokenRequest.builder(OWNER, "typo").build()).plaintext();
		String truncated = plaintext.substring(0, plaintext.length() - 1);
		long before = this.statements.count();

		assertThat(this.tokens.revokeLeaked(truncated, null)).isEqualTo(LeakOutcome.UNKNOWN);
		assertThat(this.tokens.revokeLeaked("password123", null)).isEqualTo(LeakOutcome.UNKNOWN);
		assertThat(this.tokens.revokeLeaked(null, null)).isEqualTo(LeakOutcome.UNKNOWN);

		assertThat(this.statements.count()).isEqualTo(before);
	}

	@Test
	void keyOfACustomTypeIsRevokedLikeAnyOther() {
		IssuedToken issued = this.tokens.issue(IssueTokenRequest.builder(OWNER, "ci")
			.type(CoreTestApplication.CI_TYPE.prefix())
			.environment(TokenEnvironment.TEST)
			.build());

		assertThat(this.tokens.revokeLeaked(issued.plaintext(), null)).isEqualTo(LeakOutcome.REVOKED);

		assertThat(this.tokens.find(issued.token().id()).orElseThrow().revokedAt()).isEqualTo(this.clock.instant());
		assertThat(this.trail.ofToken(issued.token().id(), AuditEvent.REVOKED)).singleElement()
			.satisfies(row -> assertThat(row.metadata()).containsEntry("reason", TokenService.LEAKED));
		assertThat(this.events.stream(TokenLeaked.class)).singleElement()
			.satisfies(event -> assertThat(event.foundAt()).isNull());
	}

}
