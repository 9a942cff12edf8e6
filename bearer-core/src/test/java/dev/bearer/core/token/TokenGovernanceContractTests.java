package dev.bearer.core.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.bearer.core.CoreTestApplication;
import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.audit.AuditSink;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.test.AuditTrail;
import dev.bearer.core.test.MutableClock;
import dev.bearer.core.usage.AuditEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Derived keys, group revocation strategies, timed revocations and group rotation against
 * a real database; one short subclass per database runs it.
 */
@SpringBootTest(classes = CoreTestApplication.class)
@RecordApplicationEvents
public abstract class TokenGovernanceContractTests {

	private static final TokenOwner ALICE = TokenOwner.of("user", 1);

	@Autowired
	private TokenService tokenService;

	@Autowired
	private BearerSchema schema;

	@Autowired
	private AuditSink auditSink;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private MutableClock clock;

	@Autowired
	private ApplicationEvents events;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Autowired
	private ApplicationEventPublisher publisher;

	@BeforeEach
	void cleanDatabase() {
		new AuditTrail(this.context).clear();
		this.clock.set(Instant.parse("2026-03-01T10:00:00.123456Z"));
	}

	// Derived keys

	@Test
	void deriveInheritsTheParentsSettingsAndRecordsTheParent() {
		Instant expiry = this.clock.instant().plus(Duration.ofDays(10));
		Token parent = issue(IssueTokenRequest.builder(ALICE, "parent")
			.type("rk")
			.environment(TokenEnvironment.LIVE)
			.abilities("orders:read", "orders:write")
			.expiresAt(expiry)
			.allowedIps(List.of("10.0.0.0/8"))
			.allowedDomains(List.of("*.example.com"))
			.rateLimitPerMinute(50)
			.metadata(Map.of("team", "payments")));

		IssuedToken child = this.tokenService.derive(parent.id(), DeriveTokenRequest.builder("child").build());

		assertThat(child.plaintext()).startsWith("rk_live_");
		Token stored = this.tokenService.find(child.token().id()).orElseThrow();
		assertThat(stored.parentId()).isEqualTo(parent.id());
		assertThat(stored.owner()).isEqualTo(ALICE);
		assertThat(stored.abilities()).containsExactly("orders:read", "orders:write");
		assertThat(stored.expiresAt()).isEqualTo(expiry);
		assertThat(stored.allowedIps()).containsExactly("10.0.0.0/8");
		assertThat(stored.allowedDomains()).containsExactly("*.example.com");
		assertThat(stored.rateLimitPerMinute()).isEqualTo(50);
		assertThat(stored.metadata()).containsEntry("team", "payments");
		assertThat(this.tokenService.resolve(child.plaintext())).isInstanceOf(TokenResolution.Resolved.class);
		assertThat(auditRows(stored.id())).singleElement().satisfies(row -> {
			assertThat(row.event()).isEqualTo(AuditEvent.CREATED);
			assertThat(row.metadata()).containsEntry("parent_id", parent.id().intValue()).containsEntry("depth", 1);
		});
		assertThat(this.events.stream(TokenCreated.class)).extracting(event -> event.token().id())
			.contains(stored.id());
	}

	@Test
	void deriveNarrowsEverySettingWithinTheParent() {
		Token parent = issue(IssueTokenRequest.builder(ALICE, "parent")
			.abilities("orders:read", "orders:write")
			.expiresAt(this.clock.instant().plus(Duration.ofDays(10)))
			.allowedIps(List.of("10.0.0.0/8", "2001:db8::/32"))
			.allowedDomains(List.of("*.example.com"))
			.rateLimitPerMinute(50));
		Instant earlier = this.clock.instant().plus(Duration.ofDays(1));

		Token child = this.tokenService
			.derive(parent.id(),
					DeriveTokenRequest.builder("narrow")
						.abilities("orders:read")
						.expiresAt(earlier)
						.allowedIps(List.of("10.1.0.0/16", "2001:db8:1::7"))
						.allowedDomains(List.of("api.example.com", "*.eu.example.com"))
						.rateLimitPerMinute(5)
						.build())
			.token();

		Token stored = this.tokenService.find(child.id()).orElseThrow();
		assertThat(stored.abilities()).containsExactly("orders:read");
		assertThat(stored.expiresAt()).isEqualTo(earlier);
		assertThat(stored.allowedIps()).containsExactly("10.1.0.0/16", "2001:db8:1::7");
		assertThat(stored.allowedDomains()).containsExactly("api.example.com", "*.eu.example.com");
		assertThat(stored.rateLimitPerMinute()).isEqualTo(5);
	}

	@Test
	void aParentWithEveryAbilityMayGiveAnyAbility() {
		Token parent = issue(IssueTokenRequest.builder(ALICE, "root").abilities("*"));

		Token child = this.tokenService
			.derive(parent.id(), DeriveTokenRequest.builder("any").abilities("reports:export").build())
			.token();

		assertThat(child.abilities()).containsExactly("reports:export");
	}

	@Test
	void abilityTheParentLacksIsRefused() {
		assertDeriveRefused("abilities", builder -> builder.abilities("orders:read", "orders:delete"));
	}

	@Test
	void expiryAfterTheParentsIsRefused() {
		assertDeriveRefused("expiresAt", builder -> builder.expiresAt(this.clock.instant().plus(Duration.ofDays(11))));
	}

	@Test
	void ipRangeWiderThanTheParentsIsRefused() {
		assertDeriveRefused("allowedIps", builder -> builder.allowedIps(List.of("10.0.0.0/7")));
		assertDeriveRefused("allowedIps", builder -> builder.allowedIps(List.of("192.168.0.1")));
		assertDeriveRefused("allowedIps", builder -> builder.allowedIps(List.of()));
	}

	@Test
	void domainWiderThanTheParentsIsRefused() {
		assertDeriveRefused("allowedDomains", builder -> builder.allowedDomains(List.of("example.com")));
		assertDeriveRefused("allowedDomains",
				builder -> builder.allowedDomains(List.of("api.example.com", "evil.com")));
		assertDeriveRefused("allowedDomains", builder -> builder.allowedDomains(List.of()));
	}

	@Test
	void rateLimitAboveTheParentsIsRefused() {
		assertDeriveRefused("rateLimitPerMinute", builder -> builder.rateLimitPerMinute(51));
	}

	@Test
	void blankNameIsRefused() {
		assertDeriveRefused("name", builder -> {
		}, " ");
	}

	@Test
	void derivingBeyondTheMaximumDepthIsRefused() {
		Token key = issue(IssueTokenRequest.builder(ALICE, "depth 0"));
		for (int depth = 1; depth <= TokenServiceSettings.DEFAULT_MAX_DERIVATION_DEPTH; depth++) {
			key = this.tokenService.derive(key.id(), DeriveTokenRequest.builder("depth " + depth).build()).token();
		}
		long parentId = key.id();
		long tokens = tokenCount();
		long rows = auditRowCount();

		assertThatExceptionOfType(InvalidTokenRequestException.class)
			.isThrownBy(() -> this.tokenService.derive(parentId, DeriveTokenRequest.builder("too deep").build()))
			.satisfies(ex -> assertThat(ex.getField()).isEqualTo("parentId"))
			.withMessageContaining("maximum depth is 3");
		assertThat(tokenCount()).isEqualTo(tokens);
		assertThat(auditRowCount()).isEqualTo(rows);
	}

	@Test
	void derivingFromAKeyWithAQuotaIsRefusedSinceTheChildsUsesWouldNotCountAgainstIt() {
		Token parent = issue(IssueTokenRequest.builder(ALICE, "metered parent").quota(TokenQuota.perDay(100)));

		assertDeriveRefusedFrom(parent.id(), "parentId", DeriveTokenRequest.builder("unmetered child"));
	}

	@Test
	void derivingFromARevokedKeyIsRefused() {
		Token parent = issue(IssueTokenRequest.builder(ALICE, "revoked parent"));
		this.tokenService.revoke(parent.id(), null);
		long tokens = tokenCount();
		long rows = auditRowCount();

		assertThatExceptionOfType(TokenStateException.class)
			.isThrownBy(() -> this.tokenService.derive(parent.id(), DeriveTokenRequest.builder("orphan").build()))
			.withMessageContaining("revoked");
		assertThat(tokenCount()).isEqualTo(tokens);
		assertThat(auditRowCount()).isEqualTo(rows);
	}

	@Test
	void derivingFromAnUnknownKeyIsRefused() {
		assertThatExceptionOfType(TokenNotFoundException.class)
			.isThrownBy(() -> this.tokenService.derive(999_999, DeriveTokenRequest.builder("nobody's").build()));
		assertThat(tokenCount()).isZero();
	}

	@Test
	void childOfAKeyInItsGracePeriodEndsWithIt() {
		Token parent = issue(IssueTokenRequest.builder(ALICE, "rotated parent"));
		this.tokenService.rotate(parent.id(), Duration.ofMinutes(10));

		Token child = this.tokenService.derive(parent.id(), DeriveTokenRequest.builder("short-lived").build()).token();

		assertThat(child.expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(10)));
		assertDeriveRefusedFrom(parent.id(), "expiresAt",
				DeriveTokenRequest.builder("too long").expiresAt(this.clock.instant().plus(Duration.ofHours(1))));
	}

	@Test
	void revokingAParentRevokesEveryDescendantWithItsOwnAuditRow() {
		IssuedToken parent = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "parent").build());
		IssuedToken child = derive(parent.token().id(), "child");
		IssuedToken sibling = derive(parent.token().id(), "sibling");
		IssuedToken grandchild = derive(child.token().id(), "grandchild");
		IssuedToken unrelated = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "unrelated").build());
		this.tokenService.resolve(grandchild.plaintext());

		this.tokenService.revoke(parent.token().id(), "compromised");

		for (IssuedToken key : List.of(parent, child, sibling, grandchild)) {
			assertThat(this.tokenService.resolve(key.plaintext())).isInstanceOfSatisfying(
					TokenResolution.Rejected.class,
					rejected -> assertThat(rejected.reason()).isEqualTo(AuthenticationFailureReason.REVOKED));
		}
		assertThat(this.tokenService.resolve(unrelated.plaintext())).isInstanceOf(TokenResolution.Resolved.class);
		assertThat(revokedRow(grandchild.token().id())).containsEntry("cause", "parent_revoked")
			.containsEntry("parent_id", child.token().id().intValue())
			.containsEntry("cascade_root_id", parent.token().id().intValue())
			.containsEntry("reason", "compromised");
		assertThat(revokedRow(sibling.token().id())).containsEntry("parent_id", parent.token().id().intValue());
		assertThat(revokedRow(child.token().id())).containsEntry("cause", "parent_revoked");
		assertThat(this.events.stream(TokenRevoked.class)).extracting(event -> event.token().id())
			.containsExactlyInAnyOrder(parent.token().id(), child.token().id(), sibling.token().id(),
					grandchild.token().id());
	}

	@Test
	void rotatingAParentWithGraceEndsItsChildrenWithIt() {
		Token parent = issue(IssueTokenRequest.builder(ALICE, "parent"));
		IssuedToken child = derive(parent.id(), "child");

		this.tokenService.rotate(parent.id(), Duration.ofMinutes(10));

		assertThat(this.tokenService.resolve(child.plaintext())).isInstanceOf(TokenResolution.Resolved.class);
		assertThat(revokedRow(child.token().id())).containsEntry("cause", "parent_rotated");
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(this.tokenService.resolve(child.plaintext())).isInstanceOf(TokenResolution.Rejected.class);
	}

	@Test
	void rotatedChildStaysUnderItsParent() {
		Token parent = issue(IssueTokenRequest.builder(ALICE, "parent"));
		IssuedToken child = derive(parent.id(), "child");

		IssuedToken replacement = this.tokenService.rotate(child.token().id(), null);
		this.tokenService.revoke(parent.id(), null);

		assertThat(replacement.token().parentId()).isEqualTo(parent.id());
		assertThat(this.tokenService.resolve(replacement.plaintext())).isInstanceOf(TokenResolution.Rejected.class);
	}

	// Group revocation strategies

	@Test
	void noneRevokesTheNamedKeyOnly() {
		Group group = group();

		GroupRevocation result = this.tokenService
			.revokeGroup(GroupRevocationRequest.none(group.id(), group.secretTest().token().id(), "one key"));

		assertThat(result.revoked()).extracting(Token::id)
			.containsExactly(group.secretTest().token().id(), group.child().token().id());
		assertRevoked(group.secretTest(), group.child());
		assertActive(group.secretLive(), group.publishableTest());
		assertThat(revokedRow(group.secretTest().token().id())).containsEntry("strategy", "none")
			.containsEntry("group_id", group.id().intValue());
	}

	@Test
	void noneWithAKeyOutsideTheGroupIsRefused() {
		Group group = group();
		Token outsider = issue(IssueTokenRequest.builder(ALICE, "outsider"));

		assertGroupRevocationRefused("tokenId", GroupRevocationRequest.none(group.id(), outsider.id(), null));
		assertActive(group.secretTest());
	}

	@Test
	void cascadeRevokesEveryKeyOfTheGroupAndTheirDescendants() {
		Group group = group();
		Group other = group();
		assertActive(group.secretTest(), group.secretLive(), group.publishableTest(), group.child());

		GroupRevocation result = this.tokenService.revokeGroup(GroupRevocationRequest.cascade(group.id(), "offboard"));

		assertThat(result.revoked()).extracting(Token::id)
			.containsExactlyInAnyOrder(group.secretTest().token().id(), group.secretLive().token().id(),
					group.publishableTest().token().id(), group.child().token().id());
		assertRevoked(group.secretTest(), group.secretLive(), group.publishableTest(), group.child());
		assertActive(other.secretTest(), other.secretLive(), other.publishableTest(), other.child());
		assertThat(revokedRow(group.publishableTest().token().id())).containsEntry("strategy", "cascade")
			.containsEntry("reason", "offboard");
		assertThat(revokedRow(group.child().token().id())).containsEntry("cause", "parent_revoked");
		assertThat(this.events.stream(TokenRevoked.class)).hasSize(4);
	}

	@Test
	void partialRevokesTheSelectedTypes() {
		Group group = group();

		this.tokenService.revokeGroup(GroupRevocationRequest.partial(group.id(), TokenSelection.ofTypes("sk"), null));

		assertRevoked(group.secretTest(), group.secretLive(), group.child());
		assertActive(group.publishableTest());
		assertThat(revokedRow(group.secretLive().token().id())).containsEntry("strategy", "partial");
	}

	@Test
	void partialRevokesTheSelectedEnvironments() {
		Group group = group();

		this.tokenService.revokeGroup(
				GroupRevocationRequest.partial(group.id(), TokenSelection.ofEnvironments(TokenEnvironment.LIVE), null));

		assertRevoked(group.secretLive());
		assertActive(group.secretTest(), group.publishableTest(), group.child());
	}

	@Test
	void partialWithoutASelectionIsRefused() {
		Group group = group();

		assertGroupRevocationRefused("selection", GroupRevocationRequest.partial(group.id(), TokenSelection.ALL, null));
	}

	@Test
	void partialWithAnUnknownTypeIsRefused() {
		Group group = group();

		assertGroupRevocationRefused("selection",
				GroupRevocationRequest.partial(group.id(), TokenSelection.ofTypes("sk", "xk"), null));
	}

	@Test
	void revokingAnUnknownGroupIsRefused() {
		assertGroupRevocationRefused("groupId", GroupRevocationRequest.cascade(999_999, null));
	}

	@Test
	void groupRevocationEvictsAndAnnouncesEveryRevokedKey() {
		List<String> announced = new CopyOnWriteArrayList<>();
		TokenService node = node(announced::add);
		Group group = group();

		node.revokeGroup(GroupRevocationRequest.cascade(group.id(), null));

		assertThat(group.members())
			.allSatisfy(key -> assertThat(this.tokenService.find(key.token().id()).orElseThrow().revokedAt())
				.isEqualTo(this.clock.instant()));
		assertThat(announced).containsExactlyInAnyOrder(HashAlgorithm.SHA256.hash(group.secretTest().plaintext()),
				HashAlgorithm.SHA256.hash(group.secretLive().plaintext()),
				HashAlgorithm.SHA256.hash(group.publishableTest().plaintext()),
				HashAlgorithm.SHA256.hash(group.child().plaintext()));
	}

	// Timed revocations

	@Test
	void timedRevocationInThePastIsRefused() {
		Group group = group();

		assertGroupRevocationRefused("revokeAt",
				GroupRevocationRequest.timed(group.id(), TokenSelection.ALL, this.clock.instant(), null));
		assertThat(this.tokenService.timedRevocations(group.id())).isEmpty();
	}

	@Test
	void timedRevocationKeepsTheKeysWorkingUntilItsInstantThenRevokesThem() {
		Group group = group();
		Instant at = this.clock.instant().plus(Duration.ofHours(1));

		GroupRevocation scheduled = this.tokenService
			.revokeGroup(GroupRevocationRequest.timed(group.id(), TokenSelection.ofTypes("sk"), at, "sunset"));

		assertThat(scheduled.revoked()).isEmpty();
		assertThat(scheduled.scheduled().state()).isEqualTo(TimedRevocation.State.PENDING);
		assertActive(group.secretTest(), group.secretLive(), group.publishableTest(), group.child());
		this.clock.advance(Duration.ofMinutes(59));
		assertThat(this.tokenService.runDueRevocations()).isZero();
		assertActive(group.secretTest(), group.secretLive());
		assertThat(auditRows(group.secretTest().token().id())).extracting(AuditEntry::event)
			.doesNotContain(AuditEvent.REVOKED);

		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.tokenService.runDueRevocations()).isOne();

		assertRevoked(group.secretTest(), group.secretLive(), group.child());
		assertActive(group.publishableTest());
		assertThat(revokedRow(group.secretTest().token().id())).containsEntry("strategy", "timed")
			.containsEntry("reason", "sunset")
			.containsEntry("timed_revocation_id", (int) scheduled.scheduled().id());
		assertThat(this.tokenService.timedRevocations(group.id())).singleElement().satisfies(revocation -> {
			assertThat(revocation.state()).isEqualTo(TimedRevocation.State.DONE);
			assertThat(revocation.completedAt()).isEqualTo(at);
		});
		assertThat(this.tokenService.runDueRevocations()).isZero();
		assertThat(auditRows(group.secretTest().token().id())).filteredOn(row -> row.event() == AuditEvent.REVOKED)
			.hasSize(1);
	}

	@Test
	void timedRevocationTakesKeysAddedToTheGroupBeforeItRuns() {
		Group group = group();
		this.tokenService.revokeGroup(GroupRevocationRequest.timed(group.id(), TokenSelection.ALL,
				this.clock.instant().plus(Duration.ofHours(1)), null));
		IssuedToken late = this.tokenService
			.issue(IssueTokenRequest.builder(ALICE, "late member").groupId(group.id()).build());

		this.clock.advance(Duration.ofHours(1));
		this.tokenService.runDueRevocations();

		assertRevoked(late);
	}

	@Test
	void timedRevocationSurvivesARestart() {
		Group group = group();
		this.tokenService.revokeGroup(GroupRevocationRequest.timed(group.id(), TokenSelection.ALL,
				this.clock.instant().plus(Duration.ofHours(1)), null));
		this.clock.advance(Duration.ofHours(2));

		TokenService restarted = node(TokenChangeBroadcast.NONE);

		assertThat(restarted.runDueRevocations()).isOne();
		assertRevoked(group.secretTest(), group.secretLive(), group.publishableTest(), group.child());
	}

	@Test
	void timedRevocationRunsOnceWhenTwoNodesPollAtOnce() throws Exception {
		List<Group> groups = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			Group group = group();
			groups.add(group);
			this.tokenService.revokeGroup(GroupRevocationRequest.timed(group.id(), TokenSelection.ALL,
					this.clock.instant().plus(Duration.ofMinutes(1)), null));
		}
		this.clock.advance(Duration.ofMinutes(1));
		TokenService first = node(TokenChangeBroadcast.NONE);
		TokenService second = node(TokenChangeBroadcast.NONE);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			CyclicBarrier start = new CyclicBarrier(2);
			Future<Integer> a = pool.submit(() -> {
				start.await();
				return first.runDueRevocations();
			});
			Future<Integer> b = pool.submit(() -> {
				start.await();
				return second.runDueRevocations();
			});

			assertThat(a.get(60, TimeUnit.SECONDS) + b.get(60, TimeUnit.SECONDS)).isEqualTo(5);
		}
		finally {
			pool.shutdownNow();
		}
		for (Group group : groups) {
			for (IssuedToken key : group.members()) {
				assertThat(auditRows(key.token().id())).filteredOn(row -> row.event() == AuditEvent.REVOKED).hasSize(1);
			}
		}
	}

	@Test
	void schedulerRunsDueTimedRevocationsOnItsOwn() {
		Group group = group();
		this.tokenService.revokeGroup(GroupRevocationRequest.timed(group.id(), TokenSelection.ALL,
				this.clock.instant().plus(Duration.ofHours(1)), null));
		this.clock.advance(Duration.ofHours(1));
		TimedRevocationScheduler scheduler = new TimedRevocationScheduler(node(TokenChangeBroadcast.NONE),
				Duration.ofMillis(50));

		scheduler.start();
		try {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.tokenService.find(group.publishableTest().token().id()).orElseThrow().revokedAt(),
						Objects::nonNull);
		}
		finally {
			scheduler.stop();
		}
		assertThat(this.tokenService.timedRevocations(group.id())).singleElement()
			.satisfies(revocation -> assertThat(revocation.state()).isEqualTo(TimedRevocation.State.DONE));
	}

	@Test
	void cancelledTimedRevocationNeverRuns() {
		Group group = group();
		TimedRevocation scheduled = this.tokenService
			.revokeGroup(GroupRevocationRequest.timed(group.id(), TokenSelection.ALL,
					this.clock.instant().plus(Duration.ofHours(1)), null))
			.scheduled();

		TimedRevocation cancelled = this.tokenService.cancelTimedRevocation(scheduled.id());
		this.clock.advance(Duration.ofHours(2));

		assertThat(cancelled.state()).isEqualTo(TimedRevocation.State.CANCELLED);
		assertThat(this.tokenService.runDueRevocations()).isZero();
		assertActive(group.secretTest(), group.secretLive(), group.publishableTest(), group.child());
		assertThatExceptionOfType(TokenStateException.class)
			.isThrownBy(() -> this.tokenService.cancelTimedRevocation(scheduled.id()))
			.withMessageContaining("cancelled");
		assertThatExceptionOfType(InvalidTokenRequestException.class)
			.isThrownBy(() -> this.tokenService.cancelTimedRevocation(999_999))
			.satisfies(ex -> assertThat(ex.getField()).isEqualTo("timedRevocationId"));
	}

	// Group rotation

	@Test
	void rotateGroupReplacesEveryActiveMemberWithOneGracePeriod() {
		Group group = group();
		this.tokenService.revoke(group.publishableTest().token().id(), null);

		List<IssuedToken> replacements = this.tokenService.rotateGroup(group.id(), Duration.ofMinutes(10));

		assertThat(replacements).hasSize(2)
			.allSatisfy(replacement -> assertThat(replacement.token().groupId()).isEqualTo(group.id()));
		assertThat(replacements)
			.extracting(replacement -> ((Number) replacement.token().metadata().get("rotated_from")).longValue())
			.containsExactly(group.secretTest().token().id(), group.secretLive().token().id());
		assertActive(group.secretTest(), group.secretLive());
		for (IssuedToken old : List.of(group.secretTest(), group.secretLive())) {
			assertThat(auditRows(old.token().id())).filteredOn(row -> row.event() == AuditEvent.ROTATED)
				.singleElement()
				.satisfies(row -> assertThat(row.metadata()).containsEntry("grace_period_seconds", 600));
		}
		this.clock.advance(Duration.ofMinutes(10));
		assertRevoked(group.secretTest(), group.secretLive(), group.child());
		assertActive(replacements.toArray(IssuedToken[]::new));
		assertThat(this.events.stream(TokenRotated.class)).hasSize(2);
	}

	@Test
	void rotateGroupWithANegativeGraceIsRefused() {
		Group group = group();
		long tokens = tokenCount();

		assertThatExceptionOfType(InvalidTokenRequestException.class)
			.isThrownBy(() -> this.tokenService.rotateGroup(group.id(), Duration.ofSeconds(-1)))
			.satisfies(ex -> assertThat(ex.getField()).isEqualTo("gracePeriod"));
		assertThat(tokenCount()).isEqualTo(tokens);
	}

	private void assertDeriveRefused(String field, Consumer<DeriveTokenRequest.Builder> customizer) {
		assertDeriveRefused(field, customizer, "child");
	}

	private void assertDeriveRefused(String field, Consumer<DeriveTokenRequest.Builder> customizer, String name) {
		Token parent = issue(IssueTokenRequest.builder(ALICE, "strict parent")
			.abilities("orders:read", "orders:write")
			.expiresAt(this.clock.instant().plus(Duration.ofDays(10)))
			.allowedIps(List.of("10.0.0.0/8"))
			.allowedDomains(List.of("*.example.com"))
			.rateLimitPerMinute(50));
		DeriveTokenRequest.Builder builder = DeriveTokenRequest.builder(name);
		customizer.accept(builder);
		assertDeriveRefusedFrom(parent.id(), field, builder);
	}

	private void assertDeriveRefusedFrom(long parentId, String field, DeriveTokenRequest.Builder builder) {
		long tokens = tokenCount();
		long rows = auditRowCount();

		assertThatExceptionOfType(InvalidTokenRequestException.class)
			.isThrownBy(() -> this.tokenService.derive(parentId, builder.build()))
			.satisfies(ex -> assertThat(ex.getField()).isEqualTo(field));
		assertThat(tokenCount()).isEqualTo(tokens);
		assertThat(auditRowCount()).isEqualTo(rows);
	}

	private void assertGroupRevocationRefused(String field, GroupRevocationRequest request) {
		long rows = auditRowCount();
		long revoked = this.jdbc.queryForObject("select count(*) from bearer_tokens where revoked_at is not null",
				Long.class);
		long timed = this.jdbc.queryForObject("select count(*) from bearer_timed_revocations", Long.class);

		assertThatExceptionOfType(InvalidTokenRequestException.class)
			.isThrownBy(() -> this.tokenService.revokeGroup(request))
			.satisfies(ex -> assertThat(ex.getField()).isEqualTo(field));
		assertThat(auditRowCount()).isEqualTo(rows);
		assertThat(
				this.jdbc.queryForObject("select count(*) from bearer_tokens where revoked_at is not null", Long.class))
			.isEqualTo(revoked);
		assertThat(this.jdbc.queryForObject("select count(*) from bearer_timed_revocations", Long.class))
			.isEqualTo(timed);
	}

	/**
	 * A group of Alice's with sk test, sk live and pk test keys, and a key derived from
	 * the sk test one (outside the group).
	 */
	private Group group() {
		TokenGroup group = this.tokenService.createGroup(ALICE, "integration", Map.of());
		IssuedToken secretTest = this.tokenService
			.issue(IssueTokenRequest.builder(ALICE, "sk test").groupId(group.id()).build());
		IssuedToken secretLive = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "sk live")
			.environment(TokenEnvironment.LIVE)
			.groupId(group.id())
			.build());
		IssuedToken publishableTest = this.tokenService
			.issue(IssueTokenRequest.builder(ALICE, "pk test").type("pk").groupId(group.id()).build());
		IssuedToken child = derive(secretTest.token().id(), "derived from sk test");
		return new Group(group.id(), secretTest, secretLive, publishableTest, child);
	}

	/** A second node over the same database, announcing changes to {@code broadcast}. */
	private TokenService node(TokenChangeBroadcast broadcast) {
		return new TokenService(this.schema, this.auditSink, this.context.getBean(TokenTypeRegistry.class),
				TokenServiceSettings.DEFAULTS, new TransactionTemplate(this.transactionManager),
				new AfterCommitEventPublisher(this.publisher), this.clock, TokenLookupCache.NONE, broadcast);
	}

	private IssuedToken derive(long parentId, String name) {
		return this.tokenService.derive(parentId, DeriveTokenRequest.builder(name).build());
	}

	private Token issue(IssueTokenRequest.Builder builder) {
		return this.tokenService.issue(builder.build()).token();
	}

	private void assertRevoked(IssuedToken... keys) {
		for (IssuedToken key : keys) {
			assertThat(this.tokenService.resolve(key.plaintext())).as(key.token().name())
				.isInstanceOfSatisfying(TokenResolution.Rejected.class,
						rejected -> assertThat(rejected.reason()).isEqualTo(AuthenticationFailureReason.REVOKED));
		}
	}

	private void assertActive(IssuedToken... keys) {
		for (IssuedToken key : keys) {
			assertThat(this.tokenService.resolve(key.plaintext())).as(key.token().name())
				.isInstanceOf(TokenResolution.Resolved.class);
		}
	}

	private Map<String, Object> revokedRow(long tokenId) {
		return auditRows(tokenId).stream().filter(row -> row.event() == AuditEvent.REVOKED).reduce((first, second) -> {
			throw new AssertionError("token " + tokenId + " has more than one revoked row");
		}).orElseThrow(() -> new AssertionError("token " + tokenId + " has no revoked row")).metadata();
	}

	private List<AuditEntry> auditRows(long tokenId) {
		return new AuditTrail(this.context).ofToken(tokenId);
	}

	private long tokenCount() {
		return this.jdbc.queryForObject("select count(*) from bearer_tokens", Long.class);
	}

	private long auditRowCount() {
		AuditTrail.drain(this.context);
		return this.jdbc.queryForObject("select count(*) from bearer_token_audit_logs", Long.class);
	}

	/** A group's id and its keys, with their plaintexts. */
	private record Group(Long id, IssuedToken secretTest, IssuedToken secretLive, IssuedToken publishableTest,
			IssuedToken child) {

		List<IssuedToken> members() {
			return List.of(this.secretTest, this.secretLive, this.publishableTest, this.child);
		}

	}

}
