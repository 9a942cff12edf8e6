package dev.bearer.core.token;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import dev.bearer.core.CoreTestApplication;
import dev.bearer.core.audit.AuditSink;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.test.AuditTrail;
import dev.bearer.core.test.MutableClock;
import dev.bearer.core.test.StatementCounter;
import org.junit.jupiter.api.AfterEach;
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

/**
 * Lifetime and idle policies against a real database: issue, derive and rotation refuse
 * what the policy does not allow (naming {@code expiresAt}, writing nothing), and idle
 * keys are refused; one short subclass per database runs it.
 */
@SpringBootTest(classes = CoreTestApplication.class)
@RecordApplicationEvents
public abstract class TokenPolicyContractTests {

	private static final TokenOwner ALICE = TokenOwner.of("user", 7);

	/** A type without a default lifetime whose policy requires an expiry. */
	private static final TokenType EXTERNAL = new TokenType("ext", "External", List.of("*"), null, null,
			EnumSet.allOf(TokenEnvironment.class), false);

	private static final TokenTypeRegistry TYPES = TokenTypeRegistry
		.withCustomTypes(List.of(CoreTestApplication.CI_TYPE, EXTERNAL));

	private static final TokenPolicies POLICIES = TokenPolicies.builder()
		.type("sk", new TokenPolicy(Duration.ofDays(365), Duration.ofDays(30), false))
		.environment("sk", TokenEnvironment.LIVE,
				policy -> policy.withMaxLifetime(Duration.ofDays(90)).withRequireExpiry(true))
		.type("pk", TokenPolicy.NONE.withMaxLifetime(Duration.ofDays(60)))
		.type("ext", TokenPolicy.NONE.withRequireExpiry(true))
		.build();

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
	private StatementCounter statements;

	@Autowired
	private ApplicationEvents events;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Autowired
	private ApplicationEventPublisher publisher;

	private LastUsedRecorder recorder;

	private TokenService tokens;

	@BeforeEach
	void startFromEmptyTables() {
		new AuditTrail(this.context).clear();
		this.clock.set(Instant.parse("2026-04-01T08:00:00.123456Z"));
		this.recorder = new LastUsedRecorder(this.schema, Duration.ofHours(1), this.clock);
		this.tokens = node(POLICIES, this.recorder, cache());
	}

	@AfterEach
	void stopRecorder() throws InterruptedException {
		this.recorder.destroy();
	}

	// Issue

	@Test
	void issueBeyondTheMaximumLifetimeIsRefused() {
		assertIssueRefused(IssueTokenRequest.builder(ALICE, "too long").expiresAt(days(366)));
	}

	@Test
	void issueWithoutExpiryIsRefusedWhenTheTypeHasAMaximumLifetime() {
		assertIssueRefused(IssueTokenRequest.builder(ALICE, "forever"));
	}

	@Test
	void issueWithoutExpiryIsRefusedWhenThePolicyRequiresOne() {
		assertIssueRefused(IssueTokenRequest.builder(ALICE, "forever").type("ext"));
		IssuedToken bounded = this.tokens
			.issue(IssueTokenRequest.builder(ALICE, "bounded").type("ext").expiresAt(days(1000)).build());
		assertThat(bounded.token().expiresAt()).isEqualTo(days(1000));
	}

	@Test
	void theTypesDefaultLifetimeCountsAsAnExpiry() {
		Token publishable = this.tokens.issue(IssueTokenRequest.builder(ALICE, "pk").type("pk").build()).token();

		assertThat(publishable.expiresAt()).isEqualTo(days(30));
		assertIssueRefused(IssueTokenRequest.builder(ALICE, "pk").type("pk").expiresAt(days(61)));
	}

	@Test
	void anEnvironmentOverridesTheTypesPolicyFieldByField() {
		Token test = this.tokens.issue(IssueTokenRequest.builder(ALICE, "test").expiresAt(days(200)).build()).token();
		assertThat(test.expiresAt()).isEqualTo(days(200));

		assertIssueRefused(
				IssueTokenRequest.builder(ALICE, "live").environment(TokenEnvironment.LIVE).expiresAt(days(91)));
		Token live = this.tokens.issue(
				IssueTokenRequest.builder(ALICE, "live").environment(TokenEnvironment.LIVE).expiresAt(days(90)).build())
			.token();
		assertThat(live.expiresAt()).isEqualTo(days(90));
		assertThat(POLICIES.policyFor("sk", TokenEnvironment.LIVE).idleExpiry()).isEqualTo(Duration.ofDays(30));
		assertThat(POLICIES.policyFor("rk", TokenEnvironment.LIVE)).isEqualTo(TokenPolicy.NONE);
	}

	@Test
	void aPolicyAllowingLessThanItsTypesDefaultLifetimeIsRefused() {
		TokenPolicies tooShort = TokenPolicies.builder()
			.environment("pk", TokenEnvironment.LIVE, policy -> policy.withMaxLifetime(Duration.ofDays(7)))
			.build();

		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> tooShort.checkAgainst(TYPES))
			.withMessageContaining("'pk' keys in live")
			.withMessageContaining("PT720H");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> TokenPolicies.builder().type("zz", TokenPolicy.NONE).build().checkAgainst(TYPES))
			.withMessageContaining("'zz'");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new TokenPolicy(Duration.ZERO, null, false))
			.withMessageContaining("maxLifetime");
	}

	// Derive

	@Test
	void deriveBeyondTheMaximumLifetimeIsRefused() {
		Token parent = unrestricted().issue(IssueTokenRequest.builder(ALICE, "old parent").build()).token();

		assertDeriveRefused(parent.id(), DeriveTokenRequest.builder("inherits forever"));
		assertDeriveRefused(parent.id(), DeriveTokenRequest.builder("too long").expiresAt(days(366)));
		Token child = this.tokens.derive(parent.id(), DeriveTokenRequest.builder("bounded").expiresAt(days(10)).build())
			.token();
		assertThat(child.expiresAt()).isEqualTo(days(10));
	}

	// Rotate

	@Test
	void rotationShortensTheReplacementsExpiryToTheMaximumLifetime() {
		Token old = unrestricted().issue(IssueTokenRequest.builder(ALICE, "pre-policy").build()).token();
		Token near = this.tokens.issue(IssueTokenRequest.builder(ALICE, "near").expiresAt(days(10)).build()).token();

		Token replacement = this.tokens.rotate(old.id(), Duration.ZERO).token();
		Token nearReplacement = this.tokens.rotate(near.id(), Duration.ZERO).token();

		assertThat(replacement.expiresAt()).isEqualTo(days(365));
		assertThat(nearReplacement.expiresAt()).isEqualTo(days(10));
	}

	@Test
	void rotationIsRefusedWhenThePolicyRequiresAnExpiryAndGivesNone() {
		TokenGroup group = this.tokens.createGroup(ALICE, "mixed", Map.of());
		Token external = unrestricted()
			.issue(IssueTokenRequest.builder(ALICE, "pre-policy").type("ext").groupId(group.id()).build())
			.token();
		this.tokens.issue(IssueTokenRequest.builder(ALICE, "sk").expiresAt(days(5)).groupId(group.id()).build());

		assertNothingWritten(() -> assertThatExceptionOfType(InvalidTokenRequestException.class)
			.isThrownBy(() -> this.tokens.rotate(external.id(), Duration.ZERO))
			.satisfies(ex -> assertThat(ex.getField()).isEqualTo("expiresAt")));
		assertNothingWritten(() -> assertThatExceptionOfType(InvalidTokenRequestException.class)
			.isThrownBy(() -> this.tokens.rotateGroup(group.id(), Duration.ZERO))
			.satisfies(ex -> assertThat(ex.getField()).isEqualTo("expiresAt")));
		assertThat(this.tokens.find(external.id()).orElseThrow().revokedAt()).isNull();
	}

	@Test
	void groupRotationShortensEveryReplacement() {
		TokenGroup group = this.tokens.createGroup(ALICE, "old keys", Map.of());
		unrestricted().issue(IssueTokenRequest.builder(ALICE, "a").groupId(group.id()).build());
		unrestricted().issue(
				IssueTokenRequest.builder(ALICE, "b").environment(TokenEnvironment.LIVE).groupId(group.id()).build());

		List<IssuedToken> replacements = this.tokens.rotateGroup(group.id(), Duration.ZERO);

		assertThat(replacements).extracting(issued -> issued.token().expiresAt()).containsExactly(days(365), days(90));
	}

	// Idle expiry

	@Test
	void aKeyNeverUsedTurnsIdleItsIdleExpiryAfterItsIssue() {
		IssuedToken key = this.tokens.issue(IssueTokenRequest.builder(ALICE, "unused").expiresAt(days(300)).build());

		this.clock.set(days(30).minusSeconds(1));
		assertThat(this.tokens.resolve(key.plaintext())).isInstanceOf(TokenResolution.Resolved.class);
		this.clock.set(days(30));
		assertIdle(this.tokens.resolve(key.plaintext()), key);
	}

	@Test
	void aKeyThisNodeKeepsUsingIsNotIdleThoughItsCachedLastUseIsOld() {
		IssuedToken key = this.tokens.issue(IssueTokenRequest.builder(ALICE, "busy").expiresAt(days(300)).build());
		assertThat(this.tokens.resolve(key.plaintext())).isInstanceOf(TokenResolution.Resolved.class);
		this.clock.set(days(20));
		this.recorder.recordUse(key.token().id());

		this.clock.set(days(45));
		long before = this.statements.countOnThisThread();
		assertThat(this.tokens.resolve(key.plaintext())).isInstanceOf(TokenResolution.Resolved.class);
		assertThat(this.statements.countOnThisThread()).as("statements of a cached, recently used key")
			.isEqualTo(before);

		this.clock.set(days(50));
		assertIdle(this.tokens.resolve(key.plaintext()), key);
	}

	@Test
	void aKeyUsedOnAnotherNodeIsReadAgainBeforeItIsRefusedAsIdle() {
		IssuedToken key = this.tokens.issue(IssueTokenRequest.builder(ALICE, "shared").expiresAt(days(300)).build());
		assertThat(this.tokens.resolve(key.plaintext())).isInstanceOf(TokenResolution.Resolved.class);
		this.clock.set(days(20));
		LastUsedRecorder otherNode = new LastUsedRecorder(this.schema, Duration.ZERO, this.clock);
		otherNode.recordUse(key.token().id());
		otherNode.flush();

		this.clock.set(days(45));
		assertThat(this.tokens.resolve(key.plaintext())).isInstanceOf(TokenResolution.Resolved.class);

		this.clock.set(days(50));
		assertIdle(this.tokens.resolve(key.plaintext()), key);
		long before = this.statements.countOnThisThread();
		assertIdle(this.tokens.resolve(key.plaintext()), key);
		assertThat(this.statements.countOnThisThread()).as("statements of a key the database showed idle")
			.isEqualTo(before);
	}

	@Test
	void idleExpiryFollowsTheEnvironmentsPolicy() {
		IssuedToken other = this.tokens
			.issue(IssueTokenRequest.builder(ALICE, "restricted").type("rk").expiresAt(days(300)).build());
		IssuedToken live = this.tokens.issue(IssueTokenRequest.builder(ALICE, "live")
			.environment(TokenEnvironment.LIVE)
			.expiresAt(days(80))
			.build());

		this.clock.set(days(31));

		assertThat(this.tokens.resolve(other.plaintext())).isInstanceOf(TokenResolution.Resolved.class);
		assertIdle(this.tokens.resolve(live.plaintext()), live);
	}

	private void assertIdle(TokenResolution resolution, IssuedToken key) {
		assertThat(resolution).isInstanceOfSatisfying(TokenResolution.Rejected.class, rejected -> {
			assertThat(rejected.reason()).isEqualTo(AuthenticationFailureReason.IDLE);
			assertThat(rejected.tokenId()).isEqualTo(key.token().id());
		});
		assertThat(AuthenticationFailureReason.IDLE.code()).isEqualTo("idle");
	}

	private void assertIssueRefused(IssueTokenRequest.Builder builder) {
		assertNothingWritten(() -> assertThatExceptionOfType(InvalidTokenRequestException.class)
			.isThrownBy(() -> this.tokens.issue(builder.build()))
			.satisfies(ex -> assertThat(ex.getField()).isEqualTo("expiresAt")));
	}

	private void assertDeriveRefused(long parentId, DeriveTokenRequest.Builder builder) {
		assertNothingWritten(() -> assertThatExceptionOfType(InvalidTokenRequestException.class)
			.isThrownBy(() -> this.tokens.derive(parentId, builder.build()))
			.satisfies(ex -> assertThat(ex.getField()).isEqualTo("expiresAt")));
	}

	private void assertNothingWritten(Runnable refusal) {
		long tokens = count("select count(*) from bearer_tokens");
		long revoked = count("select count(*) from bearer_tokens where revoked_at is not null");
		long rows = auditRowCount();
		long created = this.events.stream(TokenCreated.class).count();
		long rotated = this.events.stream(TokenRotated.class).count();

		refusal.run();

		assertThat(count("select count(*) from bearer_tokens")).isEqualTo(tokens);
		assertThat(count("select count(*) from bearer_tokens where revoked_at is not null")).isEqualTo(revoked);
		assertThat(auditRowCount()).isEqualTo(rows);
		assertThat(this.events.stream(TokenCreated.class).count()).isEqualTo(created);
		assertThat(this.events.stream(TokenRotated.class).count()).isEqualTo(rotated);
	}

	private Instant days(long days) {
		return Instant.parse("2026-04-01T08:00:00.123456Z").plus(Duration.ofDays(days));
	}

	private long count(String sql) {
		return this.jdbc.queryForObject(sql, Long.class);
	}

	private long auditRowCount() {
		AuditTrail.drain(this.context);
		return count("select count(*) from bearer_token_audit_logs");
	}

	/** A node of the same database without policies, as before they were configured. */
	private TokenService unrestricted() {
		return node(TokenPolicies.NONE, RecentTokenUses.NONE, TokenLookupCache.NONE);
	}

	private CaffeineTokenLookupCache cache() {
		return new CaffeineTokenLookupCache(Duration.ofDays(1000), 100, Duration.ofMinutes(1), 100, this.clock);
	}

	private TokenService node(TokenPolicies policies, RecentTokenUses recentUses, TokenLookupCache cache) {
		return new TokenService(this.schema, this.auditSink, TYPES,
				TokenServiceSettings.DEFAULTS.withPolicies(policies), new TransactionTemplate(this.transactionManager),
				new AfterCommitEventPublisher(this.publisher), this.clock, cache, TokenChangeBroadcast.NONE,
				recentUses);
	}

}
