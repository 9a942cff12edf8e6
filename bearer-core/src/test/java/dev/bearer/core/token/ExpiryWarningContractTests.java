package dev.bearer.core.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.bearer.core.CoreTestApplication;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.test.AuditTrail;
import dev.bearer.core.test.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expiry warnings against a real database: each warning once per key, threshold and
 * deadline across scans and across two scanning nodes; one short subclass per database
 * runs it.
 */
@SpringBootTest(classes = CoreTestApplication.class)
public abstract class ExpiryWarningContractTests {

	private static final Instant START = Instant.parse("2026-05-01T09:00:00.654321Z");

	private static final TokenOwner BOB = TokenOwner.of("user", 11);

	private static final TokenPolicies IDLE_SECRET_KEYS = TokenPolicies.builder()
		.type("sk", TokenPolicy.NONE.withIdleExpiry(Duration.ofDays(30)))
		.build();

	@Autowired
	private TokenService tokens;

	@Autowired
	private BearerSchema schema;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private MutableClock clock;

	private final List<Object> nodeA = new CopyOnWriteArrayList<>();

	private final List<Object> nodeB = new CopyOnWriteArrayList<>();

	private final List<Object> published = new CopyOnWriteArrayList<>();

	@BeforeEach
	void startFromEmptyTables() {
		new AuditTrail(this.context).clear();
		this.clock.set(START);
	}

	@Test
	void eachThresholdIsPublishedOnceAcrossScansAndNodes() {
		Token key = issue(IssueTokenRequest.builder(BOB, "expiring").expiresAt(day(20)));
		ExpiryWarningScan a = scan(this.nodeA, ExpiryWarningSettings.DEFAULTS, TokenPolicies.NONE);
		ExpiryWarningScan b = scan(this.nodeB, ExpiryWarningSettings.DEFAULTS, TokenPolicies.NONE);

		a.scan();
		assertThat(warnings()).isEmpty();
		for (Instant at : List.of(day(7), day(17).plusSeconds(3600), day(19).plusSeconds(3600))) {
			this.clock.set(at);
			ExpiryWarningScan first = at.equals(day(7)) ? b : a;
			first.scan();
			a.scan();
			b.scan();
			first.scan();
		}

		assertThat(warnings()).map(TokenExpiringSoon.class::cast)
			.extracting(TokenExpiringSoon::threshold)
			.containsExactly(Duration.ofDays(14), Duration.ofDays(3), Duration.ofDays(1));
		assertThat(warnings()).map(TokenExpiringSoon.class::cast).allSatisfy(warning -> {
			assertThat(warning.tokenId()).isEqualTo(key.id());
			assertThat(warning.owner()).isEqualTo(BOB);
			assertThat(warning.name()).isEqualTo("expiring");
			assertThat(warning.deadline()).isEqualTo(day(20));
			assertThat(warning.cause()).isEqualTo(TokenExpiringSoon.Cause.EXPIRY);
		});
		assertThat(this.nodeA).isNotEmpty();
		assertThat(this.nodeB).isNotEmpty();
	}

	@Test
	void aKeyFoundWithinSeveralThresholdsIsWarnedForTheSmallestOnly() {
		issue(IssueTokenRequest.builder(BOB, "short").expiresAt(day(2)));
		ExpiryWarningScan a = scan(this.nodeA, ExpiryWarningSettings.DEFAULTS, TokenPolicies.NONE);

		assertThat(a.scan()).isEqualTo(1);
		assertThat(a.scan()).isZero();

		assertThat(warnings()).map(TokenExpiringSoon.class::cast)
			.singleElement()
			.satisfies(warning -> assertThat(warning.threshold()).isEqualTo(Duration.ofDays(3)));
		assertThat(a.lastRun()).contains(START);
	}

	@Test
	void revokedAndExpiredKeysAreNotWarnedAndTheirRowsGo() {
		Token warned = issue(IssueTokenRequest.builder(BOB, "warned, then revoked").expiresAt(day(10)));
		ExpiryWarningScan a = scan(this.nodeA, ExpiryWarningSettings.DEFAULTS, TokenPolicies.NONE);
		a.scan();
		assertThat(warningRows(warned.id())).isEqualTo(1);
		Token revoked = issue(IssueTokenRequest.builder(BOB, "revoked").expiresAt(day(5)));
		issue(IssueTokenRequest.builder(BOB, "expired").expiresAt(START.plusSeconds(60)));
		this.tokens.revoke(warned.id(), "done");
		this.tokens.revoke(revoked.id(), "done");
		this.clock.set(day(4).plusSeconds(3600));

		a.scan();

		assertThat(warnings()).map(TokenExpiringSoon.class::cast)
			.extracting(TokenExpiringSoon::name)
			.containsExactly("warned, then revoked");
		assertThat(warningRows(warned.id())).isZero();
	}

	@Test
	void anIdleDeadlineIsWarnedAgainOnceTheKeyIsUsedAgain() {
		Token key = issue(IssueTokenRequest.builder(BOB, "idle soon"));
		ExpiryWarningScan a = scan(this.nodeA, ExpiryWarningSettings.DEFAULTS, IDLE_SECRET_KEYS);
		ExpiryWarningScan b = scan(this.nodeB, ExpiryWarningSettings.DEFAULTS, IDLE_SECRET_KEYS);

		this.clock.set(day(17));
		a.scan();
		b.scan();
		this.clock.set(day(18));
		use(key);
		this.clock.set(day(20));
		a.scan();
		this.clock.set(day(35));
		b.scan();
		a.scan();

		assertThat(warnings()).map(TokenExpiringSoon.class::cast).satisfiesExactly(first -> {
			assertThat(first.cause()).isEqualTo(TokenExpiringSoon.Cause.IDLE);
			assertThat(first.deadline()).isEqualTo(day(30));
			assertThat(first.threshold()).isEqualTo(Duration.ofDays(14));
		}, second -> {
			assertThat(second.cause()).isEqualTo(TokenExpiringSoon.Cause.IDLE);
			assertThat(second.deadline()).isEqualTo(day(48));
			assertThat(second.threshold()).isEqualTo(Duration.ofDays(14));
		});
	}

	@Test
	void anIdleKeyIsReportedOnce() {
		Token key = issue(IssueTokenRequest.builder(BOB, "idle"));
		issue(IssueTokenRequest.builder(BOB, "other type").type("rk"));
		ExpiryWarningScan a = scan(this.nodeA, ExpiryWarningSettings.DEFAULTS, IDLE_SECRET_KEYS);
		ExpiryWarningScan b = scan(this.nodeB, ExpiryWarningSettings.DEFAULTS, IDLE_SECRET_KEYS);
		this.clock.set(day(31));

		a.scan();
		b.scan();
		this.clock.set(day(40));
		a.scan();
		b.scan();

		assertThat(warnings()).filteredOn(TokenIdle.class::isInstance)
			.map(TokenIdle.class::cast)
			.singleElement()
			.satisfies(idle -> {
				assertThat(idle.tokenId()).isEqualTo(key.id());
				assertThat(idle.lastUse()).isEqualTo(START);
				assertThat(idle.idleSince()).isEqualTo(day(30));
				assertThat(idle.refused()).isTrue();
			});
	}

	@Test
	void idleAfterReportsKeysUnusedThatLongOncePerSpell() {
		Token key = issue(IssueTokenRequest.builder(BOB, "quiet").type("rk").expiresAt(day(300)));
		ExpiryWarningSettings settings = new ExpiryWarningSettings(List.of(Duration.ofDays(1)), Duration.ofDays(10));
		ExpiryWarningScan a = scan(this.nodeA, settings, TokenPolicies.NONE);
		ExpiryWarningScan b = scan(this.nodeB, settings, TokenPolicies.NONE);

		this.clock.set(day(11));
		a.scan();
		b.scan();
		this.clock.set(day(12));
		use(key);
		a.scan();
		this.clock.set(day(23));
		b.scan();
		a.scan();

		assertThat(warnings()).map(TokenIdle.class::cast).satisfiesExactly(first -> {
			assertThat(first.idleSince()).isEqualTo(day(10));
			assertThat(first.refused()).isFalse();
		}, second -> assertThat(second.idleSince()).isEqualTo(day(22)));
	}

	@Test
	void twoNodesScanningAtOncePublishEachWarningOnce() throws Exception {
		for (int i = 0; i < 20; i++) {
			issue(IssueTokenRequest.builder(BOB, "key " + i).expiresAt(day(10)));
		}
		ExpiryWarningScan a = scan(this.nodeA, ExpiryWarningSettings.DEFAULTS, TokenPolicies.NONE);
		ExpiryWarningScan b = scan(this.nodeB, ExpiryWarningSettings.DEFAULTS, TokenPolicies.NONE);
		CyclicBarrier start = new CyclicBarrier(2);
		ExecutorService nodes = Executors.newFixedThreadPool(2);
		try {
			Future<Integer> first = nodes.submit(() -> {
				start.await();
				return a.scan();
			});
			Future<Integer> second = nodes.submit(() -> {
				start.await();
				return b.scan();
			});
			assertThat(first.get(30, TimeUnit.SECONDS) + second.get(30, TimeUnit.SECONDS)).isEqualTo(20);
		}
		finally {
			nodes.shutdownNow();
		}
		assertThat(warnings()).map(TokenExpiringSoon.class::cast)
			.extracting(TokenExpiringSoon::tokenId)
			.doesNotHaveDuplicates()
			.hasSize(20);
	}

	@Test
	void aScanReadsEveryPage() {
		for (int i = 0; i < 5; i++) {
			issue(IssueTokenRequest.builder(BOB, "key " + i).expiresAt(day(10)));
		}
		ExpiryWarningScan paged = new ExpiryWarningScan(this.schema, TokenPolicies.NONE, ExpiryWarningSettings.DEFAULTS,
				this.published::add, this.clock, 2);

		assertThat(paged.scan()).isEqualTo(5);
		assertThat(warnings()).hasSize(5);
	}

	/**
	 * A scan on one node, whose events go to {@code node} and, in order, to every node's
	 * list.
	 */
	private ExpiryWarningScan scan(List<Object> node, ExpiryWarningSettings settings, TokenPolicies policies) {
		return new ExpiryWarningScan(this.schema, policies, settings, event -> {
			node.add(event);
			this.published.add(event);
		}, this.clock);
	}

	/** What every node published, in order. */
	private List<Object> warnings() {
		return this.published;
	}

	private void use(Token key) {
		LastUsedRecorder recorder = new LastUsedRecorder(this.schema, Duration.ZERO, this.clock);
		recorder.recordUse(key.id());
		recorder.flush();
	}

	private Token issue(IssueTokenRequest.Builder builder) {
		return this.tokens.issue(builder.build()).token();
	}

	private long warningRows(long tokenId) {
		return this.jdbc.queryForObject("select count(*) from bearer_expiry_warnings where token_id = ?", Long.class,
				tokenId);
	}

	private static Instant day(long days) {
		return START.plus(Duration.ofDays(days));
	}

}
