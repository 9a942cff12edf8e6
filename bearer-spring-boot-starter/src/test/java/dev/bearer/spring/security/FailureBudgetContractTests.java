package dev.bearer.spring.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.test.AuditTrail;
import dev.bearer.core.test.MutableClock;
import dev.bearer.core.test.StatementCounter;
import dev.bearer.core.token.HashAlgorithm;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenLookupCache;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.usage.AuditEntry;
import dev.bearer.core.usage.IpCount;
import dev.bearer.core.usage.UsageQueryService;
import dev.bearer.spring.TestApplication;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The failure budget through the starter's default chain: keys that identify no token
 * cost a lookup and a row each up to the budget, then a 429 without a lookup, counted in
 * one row per client and window; keys the node knows keep working. Ends with a flood of
 * forged keys beside legitimate clients. One subclass per database; each test uses client
 * addresses of its own and finds its rows by user-agent marker.
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "bearer.authentication.failure-budget.max-failures=" + FailureBudgetContractTests.BUDGET,
				"bearer.authentication.failure-budget.window=1m" })
@AutoConfigureMockMvc
public abstract class FailureBudgetContractTests {

	static final int BUDGET = 5;

	private static final Duration WINDOW = Duration.ofMinutes(1);

	private static final Instant WINDOW_START = Instant.parse("2026-07-01T08:00:00Z");

	private static final TokenOwner OWNER = TokenOwner.of("user", 13);

	@Autowired
	private MockMvc mvc;

	@Autowired
	private TokenService tokens;

	@Autowired
	private TokenLookupCache cache;

	@Autowired
	private FailureBudgetAuditor auditor;

	@Autowired
	private UsageQueryService usage;

	@Autowired
	private StatementCounter statements;

	@Autowired
	private MutableClock clock;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ApplicationContext context;

	private final ForgedKeys forged = new ForgedKeys();

	private AuditTrail trail;

	private String marker;

	private String address;

	@BeforeEach
	void startFromAnEmptyAuditTrail(TestInfo test) {
		this.auditor.flush();
		this.trail = new AuditTrail(this.context);
		this.trail.clear();
		this.marker = test.getTestMethod().orElseThrow().getName() + "/" + UUID.randomUUID();
		this.address = newAddress();
		this.clock.set(WINDOW_START);
	}

	@Test
	void unknownKeysBeyondTheBudgetGet429WithoutALookupAndOneRowCountsThem() throws Exception {
		double refusedBefore = refusedCount();
		for (int i = 0; i < BUDGET; i++) {
			send(this.forged.next(), this.address, this.marker).andExpect(status().isUnauthorized());
		}
		long before = this.statements.countOnThisThread();

		for (int i = 0; i < 20; i++) {
			send(this.forged.next(), this.address, this.marker).andExpect(status().isTooManyRequests())
				.andExpect(header().string(HttpHeaders.RETRY_AFTER, "60"))
				.andExpect(header().doesNotExist(HttpHeaders.WWW_AUTHENTICATE))
				.andExpect(content().contentType("application/problem+json"))
				.andExpect(jsonPath("$.type").value(BearerKeyError.FAILURE_BUDGET_EXHAUSTED.toString()))
				.andExpect(jsonPath("$.status").value(429));
		}

		assertThat(this.statements.countOnThisThread()).isEqualTo(before);
		assertThat(this.trail.markedBy(this.marker, AuditEvent.FAILED)).hasSize(BUDGET)
			.allSatisfy(row -> assertThat(row.metadata()).containsEntry("reason", "unknown"));
		this.auditor.flush();
		assertThat(this.trail.markedBy(this.marker, AuditEvent.FAILED)).hasSize(BUDGET + 1)
			.filteredOn(row -> "budget_exhausted".equals(row.metadata().get("reason")))
			.singleElement()
			.satisfies(row -> {
				assertThat(attempts(row)).isEqualTo(20);
				assertThat(row.tokenId()).isNull();
				assertThat(row.ipAddress()).isEqualTo(this.address);
				assertThat(row.createdAt()).isEqualTo(WINDOW_START);
			});
		assertThat(refusedCount()).isEqualTo(refusedBefore + 20);
	}

	@Test
	void suspiciousIpsCountEveryRequestTheBudgetRowStandsFor() throws Exception {
		for (int i = 0; i < BUDGET + 20; i++) {
			send(this.forged.next(), this.address, this.marker);
		}
		this.auditor.flush();
		AuditTrail.drain(this.context);

		assertThat(this.usage.suspiciousIps()).contains(new IpCount(this.address, BUDGET + 20));
		assertThat(
				this.usage.suspiciousIps(UsageQueryService.DEFAULT_SUSPICIOUS_EVENTS, BUDGET + 19, Duration.ofHours(1)))
			.contains(new IpCount(this.address, BUDGET + 20));
	}

	@Test
	void keyKnownToTheNodeStillAuthenticatesWhileItsAddressIsOverBudgetAndKeepsEveryRow() throws Exception {
		IssuedToken legitimate = issue();
		String legitimateMarker = this.marker + "/legitimate";
		send(legitimate.plaintext(), this.address, legitimateMarker).andExpect(status().isOk());
		exhaust(this.address);

		for (int i = 0; i < 10; i++) {
			send(legitimate.plaintext(), this.address, legitimateMarker).andExpect(status().isOk());
		}
		this.cache.evict(HashAlgorithm.SHA256.hash(legitimate.plaintext()));
		for (int i = 0; i < 10; i++) {
			send(legitimate.plaintext(), this.address, legitimateMarker).andExpect(status().isOk());
		}

		assertThat(this.trail.ofToken(legitimate.token().id(), AuditEvent.AUTHENTICATED)).hasSize(21)
			.allSatisfy(row -> assertThat(row.userAgent()).isEqualTo(legitimateMarker));
		send(this.forged.next(), this.address, this.marker).andExpect(status().isTooManyRequests());
	}

	@Test
	void keyNeverSeenFromAnAddressOverBudgetWaitsForTheNextWindow() throws Exception {
		IssuedToken fresh = issue();
		exhaust(this.address);

		send(fresh.plaintext(), this.address, this.marker).andExpect(status().isTooManyRequests());
		this.clock.advance(WINDOW);

		send(fresh.plaintext(), this.address, this.marker).andExpect(status().isOk());
	}

	@Test
	void keysThatIdentifyATokenDoNotSpendTheBudget() throws Exception {
		IssuedToken revoked = issue();
		this.tokens.revoke(revoked.token().id(), "test");

		for (int i = 0; i < 2 * BUDGET; i++) {
			send(revoked.plaintext(), this.address, this.marker).andExpect(status().isUnauthorized());
		}
		for (int i = 0; i < BUDGET; i++) {
			send(this.forged.next(), this.address, this.marker).andExpect(status().isUnauthorized());
		}

		send(this.forged.next(), this.address, this.marker).andExpect(status().isTooManyRequests());
		assertThat(this.trail.ofToken(revoked.token().id(), AuditEvent.FAILED)).hasSize(2 * BUDGET);
	}

	@Test
	void deletedKeyRepeatedFromManyAddressesSpendsItsOwnBudget() throws Exception {
		IssuedToken deleted = issue();
		this.jdbc.update("delete from bearer_token_audit_logs where token_id = ?", deleted.token().id());
		this.jdbc.update("delete from bearer_tokens where id = ?", deleted.token().id());
		for (int i = 0; i < BUDGET; i++) {
			send(deleted.plaintext(), newAddress(), this.marker).andExpect(status().isUnauthorized());
		}

		String another = newAddress();
		send(deleted.plaintext(), another, this.marker).andExpect(status().isTooManyRequests());
		send(this.forged.next(), another, this.marker).andExpect(status().isUnauthorized());
	}

	@Test
	void floodOfForgedKeysKeepsLegitimateClientsServedAndAuditedAndWritesBoundedRows() throws Exception {
		IssuedToken sameAddressKey = issue();
		IssuedToken otherAddressKey = issue();
		Flood.Plan plan = new Flood.Plan(this.address, this.marker + "/flood", sameAddressKey.plaintext(),
				this.marker + "/same-address", newAddress(), otherAddressKey.plaintext(),
				this.marker + "/other-address");
		send(sameAddressKey.plaintext(), this.address, plan.sameAddressMarker()).andExpect(status().isOk());
		long firstWindow = window(this.clock.instant());

		Flood.Result result = new Flood(this.mvc, this.statements, this.clock).run(plan, Duration.ofSeconds(3),
				Duration.ofSeconds(15));

		long windows = window(this.clock.instant()) - firstWindow + 1;
		this.auditor.flush();
		List<AuditEntry> floodRows = this.trail.markedBy(plan.floodMarker(), AuditEvent.FAILED);
		long floodAttempts = floodRows.stream().mapToLong(FailureBudgetContractTests::attempts).sum();
		System.out.printf(
				"FLOOD %s: %d forged-key requests in 3 s over %d budget windows %s -> %d failure rows (%.5f per"
						+ " request), %d SQL statements (%.5f per request); legitimate clients: %d requests beside"
						+ " the flood (same address) and %d (other address), answers %s and %s, rows lost: %d%n",
				getClass().getSimpleName(), result.floodRequests(), windows, result.floodAnswers(), floodRows.size(),
				(double) floodRows.size() / result.floodRequests(), result.floodStatements(),
				(double) result.floodStatements() / result.floodRequests(), result.sameAddressRequests(),
				result.otherAddressRequests(), result.sameAddressAnswers(), result.otherAddressAnswers(),
				result.sameAddressRequests() + 1 + result.otherAddressRequests() - rows(sameAddressKey.token().id())
						- rows(otherAddressKey.token().id()));
		assertThat(result.sameAddressAnswers()).containsOnlyKeys(200);
		assertThat(result.otherAddressAnswers()).containsOnlyKeys(200);
		assertThat(rows(sameAddressKey.token().id())).isEqualTo(result.sameAddressRequests() + 1);
		assertThat(rows(otherAddressKey.token().id())).isEqualTo(result.otherAddressRequests());
		assertThat(result.floodAnswers()).containsOnlyKeys(401, 429);
		assertThat(result.floodAnswers().get(401)).isLessThanOrEqualTo(BUDGET * windows);
		assertThat(floodRows).hasSizeLessThanOrEqualTo((int) ((BUDGET + 1) * windows));
		assertThat(floodAttempts).isEqualTo(result.floodRequests());
		assertThat(result.floodStatements()).isLessThanOrEqualTo(BUDGET * windows);
		assertThat(this.usage.suspiciousIps(UsageQueryService.DEFAULT_SUSPICIOUS_EVENTS, result.floodRequests() - 1,
				Duration.ofHours(1)))
			.containsExactly(new IpCount(this.address, result.floodRequests()));
	}

	private void exhaust(String address) throws Exception {
		for (int i = 0; i < BUDGET; i++) {
			send(this.forged.next(), address, this.marker).andExpect(status().isUnauthorized());
		}
		send(this.forged.next(), address, this.marker).andExpect(status().isTooManyRequests());
	}

	private ResultActions send(String key, String address, String userAgent) throws Exception {
		return this.mvc.perform(get("/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.header(HttpHeaders.USER_AGENT, userAgent)
			.with(request -> {
				request.setRemoteAddr(address);
				return request;
			}));
	}

	private IssuedToken issue() {
		return this.tokens.issue(IssueTokenRequest.builder(OWNER, "client").build());
	}

	private long rows(long tokenId) {
		return this.trail.ofToken(tokenId, AuditEvent.AUTHENTICATED).size();
	}

	private double refusedCount() {
		return this.meters
			.counter(BearerAuthenticationMetrics.AUTHENTICATIONS, "outcome", "budget_exhausted", "type", "none",
					"environment", "none")
			.count();
	}

	private static long window(Instant instant) {
		return Math.floorDiv(instant.toEpochMilli(), WINDOW.toMillis());
	}

	private static long attempts(AuditEntry row) {
		Object attempts = row.metadata().get("attempts");
		return (attempts != null) ? ((Number) attempts).longValue() : 1;
	}

	private static String newAddress() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "2001:db8:%x:%x:%x:%x::1".formatted(random.nextInt(0x10000), random.nextInt(0x10000),
				random.nextInt(0x10000), random.nextInt(0x10000));
	}

}
