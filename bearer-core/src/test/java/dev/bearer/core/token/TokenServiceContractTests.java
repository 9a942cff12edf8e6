package dev.bearer.core.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TimeZone;
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
import dev.bearer.core.token.AfterCommitEventPublisher;
import dev.bearer.core.token.TokenCreated;
import dev.bearer.core.token.TokenRevoked;
import dev.bearer.core.token.TokenRotated;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.test.AuditTrail;
import dev.bearer.core.test.MutableClock;
import dev.bearer.core.test.StatementCounter;
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

/**
 * The token lifecycle against a real database; one short subclass per database runs it.
 */
@SpringBootTest(classes = CoreTestApplication.class)
@RecordApplicationEvents
public abstract class TokenServiceContractTests {

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
	private StatementCounter statements;

	@Autowired
	private TokenLookupCache cache;

	@Autowired
	private ApplicationEvents events;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Autowired
	private ApplicationEventPublisher publisher;

	@BeforeEach
	void cleanDatabase() {
		this.jdbc.update("delete from bearer_token_audit_logs");
		this.jdbc.update("delete from bearer_tokens");
		this.jdbc.update("delete from bearer_token_groups");
		this.clock.set(Instant.parse("2026-03-01T10:00:00.123456Z"));
	}

	@Test
	void issueThenResolveByPlaintextReturnsTheToken() {
		IssuedToken issued = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "CI deploy")
			.environment(TokenEnvironment.LIVE)
			.metadata(Map.of("team", "payments"))
			.build());

		assertThat(issued.plaintext()).matches("sk_live_[0-9A-Za-z]{38}");
		TokenResolution resolution = this.tokenService.resolve(issued.plaintext());
		assertThat(resolution).isInstanceOf(TokenResolution.Resolved.class);
		Token token = ((TokenResolution.Resolved) resolution).token();
		assertThat(token.id()).isEqualTo(issued.token().id());
		assertThat(token.owner()).isEqualTo(ALICE);
		assertThat(token.name()).isEqualTo("CI deploy");
		assertThat(token.environment()).isEqualTo(TokenEnvironment.LIVE);
		assertThat(token.metadata()).containsEntry("team", "payments");
		assertThat(token.displayPrefix()).isEqualTo(issued.plaintext().substring(0, 12));
		assertThat(token.createdAt()).isEqualTo(this.clock.instant());
	}

	@Test
	void timestampsAreStoredInUtcWhateverTheJvmZone() {
		Token token = issue("utc");

		String stored = this.jdbc.queryForObject("select " + utcText("created_at") + " from bearer_tokens where id = ?",
				String.class, token.id());
		assertThat(TimeZone.getDefault().getID()).isNotEqualTo("UTC");
		assertThat(stored).isEqualTo("2026-03-01 10:00:00");
	}

	/**
	 * An SQL expression that renders the timestamp column as {@code yyyy-MM-dd HH:mm:ss}
	 * in UTC.
	 */
	protected abstract String utcText(String column);

	@Test
	void issueStoresOnlyTheHashAndTheAlgorithm() {
		IssuedToken issued = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "hashed").build());

		Map<String, Object> row = this.jdbc
			.queryForMap("select token_hash, hash_algorithm from bearer_tokens where id = ?", issued.token().id());
		assertThat(row.get("token_hash")).isEqualTo(HashAlgorithm.SHA256.hash(issued.plaintext()));
		assertThat(row.get("hash_algorithm")).isEqualTo("SHA256");
		String everything = this.jdbc.queryForList("select * from bearer_tokens").toString()
				+ this.jdbc.queryForList("select * from bearer_token_audit_logs").toString();
		assertThat(everything).doesNotContain(issued.plaintext().substring(8));
		assertThat(issued.toString()).doesNotContain(issued.plaintext());
	}

	@Test
	void tokenHashedWithSha512StillResolvesAfterTheDefaultChanges() {
		TokenService sha512Service = new TokenService(this.schema, this.auditSink, TokenTypeRegistry.builtIn(),
				new TokenServiceSettings(HashAlgorithm.SHA512, 1024), new TransactionTemplate(this.transactionManager),
				new AfterCommitEventPublisher(this.publisher), this.clock, TokenLookupCache.NONE,
				TokenChangeBroadcast.NONE);
		IssuedToken issued = sha512Service.issue(IssueTokenRequest.builder(ALICE, "long hash").build());

		assertThat(issued.token().hashAlgorithm()).isEqualTo(HashAlgorithm.SHA512);
		assertThat(this.jdbc.queryForObject("select token_hash from bearer_tokens where id = ?", String.class,
				issued.token().id()))
			.hasSize(128);
		assertThat(this.tokenService.resolve(issued.plaintext())).isInstanceOf(TokenResolution.Resolved.class);
	}

	@Test
	void tokenHashedWithTheOtherAlgorithmResolvesFromTheCacheWithoutSql() {
		TokenService sha512Service = new TokenService(this.schema, this.auditSink, TokenTypeRegistry.builtIn(),
				new TokenServiceSettings(HashAlgorithm.SHA512, 1024), new TransactionTemplate(this.transactionManager),
				new AfterCommitEventPublisher(this.publisher), this.clock, TokenLookupCache.NONE,
				TokenChangeBroadcast.NONE);
		IssuedToken issued = sha512Service.issue(IssueTokenRequest.builder(ALICE, "long hash").build());
		assertThat(this.tokenService.resolve(issued.plaintext())).isInstanceOf(TokenResolution.Resolved.class);
		long afterFirst = this.statements.count();

		assertThat(this.tokenService.resolve(issued.plaintext())).isInstanceOfSatisfying(TokenResolution.Resolved.class,
				resolved -> assertThat(resolved.token().id()).isEqualTo(issued.token().id()));

		assertThat(this.statements.count()).isEqualTo(afterFirst);
	}

	@Test
	void issueAppliesTheTypeDefaults() {
		Token publishable = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "widget").type("pk").build())
			.token();
		Token restricted = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "reporting").type("rk").build())
			.token();
		Token custom = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "pipeline").type("ci").build()).token();

		assertThat(publishable.abilities()).containsExactly("read");
		assertThat(publishable.expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofDays(30)));
		assertThat(publishable.rateLimitPerMinute()).isEqualTo(1000);
		assertThat(restricted.abilities()).isEmpty();
		assertThat(restricted.expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofDays(365)));
		assertThat(restricted.rateLimitPerMinute()).isEqualTo(100);
		assertThat(custom.abilities()).containsExactly("builds:run");
		assertThat(custom.expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofHours(1)));
		assertThat(custom.rateLimitPerMinute()).isEqualTo(30);
	}

	@Test
	void explicitSettingsOverrideTheTypeDefaults() {
		Instant expiry = this.clock.instant().plus(Duration.ofDays(2));
		Token token = this.tokenService
			.issue(IssueTokenRequest.builder(ALICE, "custom pk")
				.type("pk")
				.abilities("orders:read", "orders:write")
				.expiresAt(expiry)
				.rateLimitPerMinute(5)
				.allowedIps(List.of("203.0.113.7", "10.0.0.0/8", "2001:db8::/32"))
				.allowedDomains(List.of("example.com", "*.example.org"))
				.build())
			.token();

		Token stored = this.tokenService.find(token.id()).orElseThrow();
		assertThat(stored.abilities()).containsExactly("orders:read", "orders:write");
		assertThat(stored.expiresAt()).isEqualTo(expiry);
		assertThat(stored.rateLimitPerMinute()).isEqualTo(5);
		assertThat(stored.allowedIps()).containsExactly("203.0.113.7", "10.0.0.0/8", "2001:db8::/32");
		assertThat(stored.allowedDomains()).containsExactly("example.com", "*.example.org");
	}

	@Test
	void issueWritesACreatedRowAndPublishesTokenCreated() {
		Token token = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "audited").type("pk").build()).token();

		assertThat(events(token.id())).singleElement().satisfies(row -> {
			assertThat(row.event()).isEqualTo(AuditEvent.CREATED);
			assertThat(row.createdAt()).isEqualTo(this.clock.instant());
			assertThat(row.metadata()).containsEntry("type", "pk").containsEntry("environment", "test");
		});
		assertThat(this.jdbc.queryForObject("select event from bearer_token_audit_logs", String.class))
			.isEqualTo("created");
		assertThat(this.events.stream(TokenCreated.class)).singleElement()
			.satisfies(event -> assertThat(event.token().id()).isEqualTo(token.id()));
	}

	@Test
	void eventIsNotPublishedWhenTheSurroundingTransactionRollsBack() {
		new TransactionTemplate(this.transactionManager).executeWithoutResult(status -> {
			this.tokenService.issue(IssueTokenRequest.builder(ALICE, "rolled back").build());
			status.setRollbackOnly();
		});

		assertThat(tokenCount()).isZero();
		assertThat(auditRowCount()).isZero();
		assertThat(this.events.stream(TokenCreated.class)).isEmpty();
	}

	@Test
	void listByOwnerReturnsOnlyThatOwnersTokensOldestFirst() {
		Token first = issue("first");
		Token second = issue("second");
		this.tokenService.issue(IssueTokenRequest.builder(TokenOwner.of("user", 2), "someone else's").build());

		assertThat(this.tokenService.listByOwner(ALICE)).extracting(Token::id).containsExactly(first.id(), second.id());
	}

	@Test
	void revokeWithAReasonHoldingANulCharacterRevokesAndAuditsIt() {
		IssuedToken issued = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "nul reason").build());

		Token revoked = this.tokenService.revoke(issued.token().id(), "pasted\u0000from a terminal");

		assertThat(revoked.revokedAt()).isNotNull();
		assertThat(this.jdbc.queryForObject(
				"select count(*) from bearer_token_audit_logs where token_id = ? and event = 'revoked'", Long.class,
				issued.token().id()))
			.isOne();
	}

	@Test
	void revokeMakesResolutionFailAsRevokedAndAuditsIt() {
		IssuedToken issued = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "to revoke").build());

		Token revoked = this.tokenService.revoke(issued.token().id(), "leaked in a log");

		assertThat(revoked.revokedAt()).isEqualTo(this.clock.instant());
		assertThat(this.tokenService.resolve(issued.plaintext()))
			.satisfies(rejected(AuthenticationFailureReason.REVOKED, issued.token().id()));
		assertThat(events(issued.token().id())).extracting(AuditEntry::event)
			.containsExactly(AuditEvent.CREATED, AuditEvent.REVOKED);
		assertThat(events(issued.token().id()).get(1).metadata()).containsEntry("reason", "leaked in a log");
		assertThat(this.events.stream(TokenRevoked.class)).singleElement()
			.satisfies(event -> assertThat(event.reason()).isEqualTo("leaked in a log"));
	}

	@Test
	void revokingTwiceIsIdempotent() {
		Token token = issue("twice");
		Instant firstRevocation = this.tokenService.revoke(token.id(), null).revokedAt();
		this.clock.advance(Duration.ofMinutes(5));

		Token again = this.tokenService.revoke(token.id(), null);

		assertThat(again.revokedAt()).isEqualTo(firstRevocation);
		assertThat(events(token.id())).extracting(AuditEntry::event)
			.containsExactly(AuditEvent.CREATED, AuditEvent.REVOKED);
		assertThat(this.events.stream(TokenRevoked.class)).hasSize(1);
	}

	@Test
	void revokingAnUnknownTokenThrows() {
		assertThatExceptionOfType(TokenNotFoundException.class)
			.isThrownBy(() -> this.tokenService.revoke(999_999, null));
	}

	@Test
	void expiredTokenResolvesAsExpired() {
		IssuedToken issued = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "short")
			.expiresAt(this.clock.instant().plus(Duration.ofMinutes(1)))
			.build());
		assertThat(this.tokenService.resolve(issued.plaintext())).isInstanceOf(TokenResolution.Resolved.class);

		this.clock.advance(Duration.ofMinutes(1));

		assertThat(this.tokenService.resolve(issued.plaintext()))
			.satisfies(rejected(AuthenticationFailureReason.EXPIRED, issued.token().id()));
	}

	@Test
	void rotateWithoutGraceRevokesTheOldTokenAtOnceAndKeepsItsConstraints() {
		Instant expiry = this.clock.instant().plus(Duration.ofDays(10));
		IssuedToken original = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "rotating")
			.type("rk")
			.abilities("orders:read")
			.expiresAt(expiry)
			.allowedIps(List.of("10.0.0.0/8"))
			.allowedDomains(List.of("*.example.com"))
			.rateLimitPerMinute(7)
			.metadata(Map.of("team", "payments"))
			.build());

		IssuedToken replacement = this.tokenService.rotate(original.token().id(), null);

		assertThat(replacement.plaintext()).startsWith("rk_test_").isNotEqualTo(original.plaintext());
		assertThat(this.tokenService.resolve(original.plaintext()))
			.satisfies(rejected(AuthenticationFailureReason.REVOKED, original.token().id()));
		Token fresh = ((TokenResolution.Resolved) this.tokenService.resolve(replacement.plaintext())).token();
		assertThat(fresh.abilities()).containsExactly("orders:read");
		assertThat(fresh.expiresAt()).isEqualTo(expiry);
		assertThat(fresh.allowedIps()).containsExactly("10.0.0.0/8");
		assertThat(fresh.allowedDomains()).containsExactly("*.example.com");
		assertThat(fresh.rateLimitPerMinute()).isEqualTo(7);
		assertThat(fresh.metadata()).containsEntry("team", "payments")
			.containsEntry("rotated_from", original.token().id().intValue());
		assertThat(events(original.token().id())).extracting(AuditEntry::event)
			.containsExactly(AuditEvent.CREATED, AuditEvent.ROTATED);
		assertThat(events(original.token().id()).get(1).metadata()).containsEntry("new_token_id", fresh.id().intValue())
			.containsEntry("grace_period_seconds", 0);
		assertThat(events(fresh.id())).extracting(AuditEntry::event).containsExactly(AuditEvent.CREATED);
		assertThat(this.events.stream(TokenRotated.class)).singleElement().satisfies(event -> {
			assertThat(event.previous().id()).isEqualTo(original.token().id());
			assertThat(event.replacement().id()).isEqualTo(fresh.id());
		});
	}

	@Test
	void rotateWithGraceKeepsTheOldTokenWorkingUntilTheGraceEnds() {
		IssuedToken original = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "graceful").build());

		IssuedToken replacement = this.tokenService.rotate(original.token().id(), Duration.ofMinutes(30));

		assertThat(this.tokenService.resolve(original.plaintext())).isInstanceOf(TokenResolution.Resolved.class);
		assertThat(this.tokenService.resolve(replacement.plaintext())).isInstanceOf(TokenResolution.Resolved.class);
		this.clock.advance(Duration.ofMinutes(30));
		assertThat(this.tokenService.resolve(original.plaintext()))
			.satisfies(rejected(AuthenticationFailureReason.REVOKED, original.token().id()));
		assertThat(this.tokenService.resolve(replacement.plaintext())).isInstanceOf(TokenResolution.Resolved.class);
	}

	@Test
	void rotatingARevokedTokenIsRefusedAndChangesNothing() {
		Token token = issue("dead");
		this.tokenService.revoke(token.id(), null);
		long tokensBefore = tokenCount();
		long rowsBefore = auditRowCount();

		assertThatExceptionOfType(TokenStateException.class)
			.isThrownBy(() -> this.tokenService.rotate(token.id(), null))
			.withMessageContaining("revoked");
		assertThat(tokenCount()).isEqualTo(tokensBefore);
		assertThat(auditRowCount()).isEqualTo(rowsBefore);
	}

	@Test
	void concurrentRevokeAndRotateNeverLeaveTheRevokedTokenWorking() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			for (int i = 0; i < 10; i++) {
				Token token = issue("raced " + i);
				CyclicBarrier start = new CyclicBarrier(2);
				Future<?> rotation = pool.submit(() -> {
					start.await();
					try {
						return this.tokenService.rotate(token.id(), Duration.ofHours(1));
					}
					catch (TokenStateException alreadyRevoked) {
						return null;
					}
				});
				Future<?> revocation = pool.submit(() -> {
					start.await();
					return this.tokenService.revoke(token.id(), "leaked");
				});
				rotation.get(30, TimeUnit.SECONDS);
				revocation.get(30, TimeUnit.SECONDS);

				assertThat(this.tokenService.find(token.id()).orElseThrow().revokedAt()).as("round " + i)
					.isEqualTo(this.clock.instant());
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void wellFormedButUnknownTokenResolvesAsUnknown() {
		IssuedToken issued = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "real").build());
		this.jdbc.update("delete from bearer_token_audit_logs");
		this.jdbc.update("delete from bearer_tokens");

		assertThat(this.tokenService.resolve(issued.plaintext()))
			.satisfies(rejected(AuthenticationFailureReason.UNKNOWN, null));
	}

	@Test
	void typoAndTruncatedTokensAreRejectedWithoutAnySqlStatement() {
		String plaintext = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "typo").build()).plaintext();
		char changed = plaintext.charAt(20) == 'a' ? 'b' : 'a';
		String typo = plaintext.substring(0, 20) + changed + plaintext.substring(21);
		String truncated = plaintext.substring(0, plaintext.length() - 1);
		long before = this.statements.count();

		assertThat(this.tokenService.resolve(typo)).satisfies(rejected(AuthenticationFailureReason.MALFORMED, null));
		assertThat(this.tokenService.resolve(truncated))
			.satisfies(rejected(AuthenticationFailureReason.MALFORMED, null));
		assertThat(this.tokenService.resolve("sk_prod_" + plaintext.substring(8)))
			.satisfies(rejected(AuthenticationFailureReason.MALFORMED, null));

		assertThat(this.statements.count()).isEqualTo(before);
		this.tokenService.resolve(plaintext);
		assertThat(this.statements.count()).isGreaterThan(before);
	}

	@Test
	void secondResolutionOfTheSameTokenIsServedFromTheCacheWithoutSql() {
		String plaintext = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "cached").build()).plaintext();
		this.tokenService.resolve(plaintext);
		long before = this.statements.count();

		assertThat(this.tokenService.resolve(plaintext)).isInstanceOf(TokenResolution.Resolved.class);

		assertThat(this.statements.count()).isEqualTo(before);
	}

	@Test
	void unknownTokenRepeatedCostsNoSqlAfterTheFirstLookup() {
		IssuedToken deleted = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "deleted").build());
		this.jdbc.update("delete from bearer_token_audit_logs");
		this.jdbc.update("delete from bearer_tokens");
		long beforeFirst = this.statements.count();
		assertThat(this.tokenService.resolve(deleted.plaintext()))
			.satisfies(rejected(AuthenticationFailureReason.UNKNOWN, null));
		long afterFirst = this.statements.count();

		for (int i = 0; i < 10; i++) {
			assertThat(this.tokenService.resolve(deleted.plaintext()))
				.satisfies(rejected(AuthenticationFailureReason.UNKNOWN, null));
		}

		assertThat(afterFirst).isGreaterThan(beforeFirst);
		assertThat(this.statements.count()).isEqualTo(afterFirst);
	}

	@Test
	void tokenIssuedWhileALookupOfItsHashFoundNothingResolvesAtOnce() {
		long lookupStartedBeforeTheIssue = this.cache.generation();
		IssuedToken issued = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "new").build());
		for (HashAlgorithm algorithm : HashAlgorithm.values()) {
			this.cache.putUnknown(algorithm.hash(issued.plaintext()), lookupStartedBeforeTheIssue);
		}

		assertThat(this.tokenService.resolve(issued.plaintext())).isInstanceOf(TokenResolution.Resolved.class);
	}

	@Test
	void tokenIssuedWhileALookupRanInsideItsTransactionResolvesAtOnce() {
		long[] lookupStartedBeforeTheCommit = new long[1];
		IssuedToken issued = new TransactionTemplate(this.transactionManager).execute(status -> {
			IssuedToken inTransaction = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "new").build());
			lookupStartedBeforeTheCommit[0] = this.cache.generation();
			return inTransaction;
		});
		for (HashAlgorithm algorithm : HashAlgorithm.values()) {
			this.cache.putUnknown(algorithm.hash(issued.plaintext()), lookupStartedBeforeTheCommit[0]);
		}

		assertThat(this.tokenService.resolve(issued.plaintext())).isInstanceOf(TokenResolution.Resolved.class);
	}

	@Test
	void resolveFromCacheAnswersOnlyForCachedTokensAndNeverQueries() {
		IssuedToken cached = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "cached").build());
		IssuedToken uncached = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "uncached").build());
		this.tokenService.resolve(cached.plaintext());
		long before = this.statements.count();

		assertThat(this.tokenService.resolveFromCache(cached.plaintext()))
			.hasValueSatisfying(resolution -> assertThat(resolution).isInstanceOf(TokenResolution.Resolved.class));
		assertThat(this.tokenService.resolveFromCache(uncached.plaintext())).isEmpty();
		assertThat(this.tokenService.resolveFromCache("sk_test_notatoken")).isEmpty();
		assertThat(this.statements.count()).isEqualTo(before);

		this.tokenService.revoke(cached.token().id(), "test");
		this.tokenService.resolve(cached.plaintext());
		long afterRevoke = this.statements.count();
		assertThat(this.tokenService.resolveFromCache(cached.plaintext()))
			.hasValueSatisfying(rejected(AuthenticationFailureReason.REVOKED, cached.token().id()));
		assertThat(this.statements.count()).isEqualTo(afterRevoke);
	}

	@Test
	void revokeEvictsTheCachedTokenAtOnce() {
		IssuedToken issued = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "cached then revoked").build());
		assertThat(this.tokenService.resolve(issued.plaintext())).isInstanceOf(TokenResolution.Resolved.class);

		this.tokenService.revoke(issued.token().id(), null);

		assertThat(this.tokenService.resolve(issued.plaintext()))
			.satisfies(rejected(AuthenticationFailureReason.REVOKED, issued.token().id()));
	}

	@Test
	void rotateEvictsTheCachedTokenAtOnce() {
		IssuedToken issued = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "cached then rotated").build());
		assertThat(this.tokenService.resolve(issued.plaintext())).isInstanceOf(TokenResolution.Resolved.class);

		this.tokenService.rotate(issued.token().id(), null);

		assertThat(this.tokenService.resolve(issued.plaintext()))
			.satisfies(rejected(AuthenticationFailureReason.REVOKED, issued.token().id()));
	}

	@Test
	void unknownTypeIsRefused() {
		assertRefused("type", builder -> builder.type("xk"));
	}

	@Test
	void environmentNotAllowedForTheTypeIsRefused() {
		assertRefused("environment", builder -> builder.type("ci").environment(TokenEnvironment.LIVE));
	}

	@Test
	void invalidIpOrCidrIsRefused() {
		assertRefused("allowedIps", builder -> builder.allowedIps(List.of("10.0.0.0/33")));
		assertRefused("allowedIps", builder -> builder.allowedIps(List.of("example.com")));
		assertRefused("allowedIps", builder -> builder.allowedIps(List.of("300.1.1.1")));
	}

	@Test
	void invalidDomainPatternIsRefused() {
		assertRefused("allowedDomains", builder -> builder.allowedDomains(List.of("exa mple.com")));
		assertRefused("allowedDomains", builder -> builder.allowedDomains(List.of("api.*.example.com")));
		assertRefused("allowedDomains", builder -> builder.allowedDomains(List.of("*.com")));
	}

	@Test
	void expiryInThePastIsRefused() {
		assertRefused("expiresAt", builder -> builder.expiresAt(this.clock.instant().minusSeconds(1)));
		assertRefused("expiresAt", builder -> builder.expiresAt(this.clock.instant()));
	}

	@Test
	void overLongNameIsRefused() {
		assertRefused("name", IssueTokenRequest.builder(ALICE, "n".repeat(256)).build());
		assertRefused("name", IssueTokenRequest.builder(ALICE, " ").build());
	}

	@Test
	void oversizedMetadataIsRefused() {
		assertRefused("metadata", builder -> builder.metadata(Map.of("blob", "x".repeat(9000))));
	}

	@Test
	void invalidRateLimitIsRefused() {
		assertRefused("rateLimitPerMinute", builder -> builder.rateLimitPerMinute(0));
	}

	@Test
	void groupOfAnotherOwnerIsRefused() {
		TokenGroup group = this.tokenService.createGroup(TokenOwner.of("user", 2), "theirs", Map.of());
		assertRefused("groupId", builder -> builder.groupId(group.id()));
	}

	@Test
	void tokenCanBeIssuedIntoItsOwnersGroup() {
		TokenGroup group = this.tokenService.createGroup(ALICE, "integration", Map.of("app", "shop"));

		Token token = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "grouped").groupId(group.id()).build())
			.token();

		assertThat(token.groupId()).isEqualTo(group.id());
		assertThat(group.metadata()).containsEntry("app", "shop");
	}

	@Test
	void quotaSetOnIssueIsStoredWithAllItsCredits() {
		Token daily = this.tokenService
			.issue(IssueTokenRequest.builder(ALICE, "daily").quota(TokenQuota.perDay(1000)).build())
			.token();
		Token credits = this.tokenService
			.issue(IssueTokenRequest.builder(ALICE, "prepaid").quota(TokenQuota.credits(5)).build())
			.token();

		assertThat(this.tokenService.find(daily.id()).orElseThrow().quota()).isEqualTo(TokenQuota.perDay(1000));
		assertThat(this.tokenService.remainingCredits(daily.id())).isEmpty();
		assertThat(this.tokenService.find(credits.id()).orElseThrow().quota()).isEqualTo(TokenQuota.credits(5));
		assertThat(this.tokenService.remainingCredits(credits.id())).hasValue(5);
	}

	@Test
	void settingAQuotaEvictsTheTokenOnEveryNodeAndAuditsTheChange() {
		List<String> announced = new CopyOnWriteArrayList<>();
		TokenService announcing = new TokenService(this.schema, this.auditSink, TokenTypeRegistry.builtIn(),
				new TokenServiceSettings(HashAlgorithm.SHA256, 1024), new TransactionTemplate(this.transactionManager),
				new AfterCommitEventPublisher(this.publisher), this.clock, this.cache, announced::add);
		IssuedToken issued = this.tokenService.issue(IssueTokenRequest.builder(ALICE, "limited later").build());
		assertThat(this.tokenService.resolve(issued.plaintext())).isInstanceOf(TokenResolution.Resolved.class);

		Token changed = announcing.setQuota(issued.token().id(), TokenQuota.perMonth(300));

		assertThat(changed.quota()).isEqualTo(TokenQuota.perMonth(300));
		assertThat(announced).containsExactly(HashAlgorithm.SHA256.hash(issued.plaintext()));
		assertThat(this.tokenService.resolve(issued.plaintext())).isInstanceOfSatisfying(TokenResolution.Resolved.class,
				resolved -> assertThat(resolved.token().quota()).isEqualTo(TokenQuota.perMonth(300)));
		assertThat(events(issued.token().id())).filteredOn(row -> row.event() == AuditEvent.QUOTA_CHANGED)
			.singleElement()
			.satisfies(row -> assertThat(row.metadata()).containsEntry("period", "month").containsEntry("limit", 300));

		announcing.setQuota(issued.token().id(), null);

		assertThat(this.tokenService.find(issued.token().id()).orElseThrow().quota()).isNull();
		assertThat(announced).hasSize(2);
	}

	@Test
	void creditsAreTakenOneByOneUntilNoneIsLeftAndARefillAddsToThem() {
		Token token = this.tokenService
			.issue(IssueTokenRequest.builder(ALICE, "prepaid").quota(TokenQuota.credits(2)).build())
			.token();

		assertThat(this.tokenService.takeCredit(token.id())).hasValue(1);
		assertThat(this.tokenService.takeCredit(token.id())).hasValue(0);
		assertThat(this.tokenService.takeCredit(token.id())).isEmpty();

		assertThat(this.tokenService.refillCredits(token.id(), 3)).isEqualTo(3);
		assertThat(this.tokenService.remainingCredits(token.id())).hasValue(3);
		assertThat(this.tokenService.takeCredit(token.id())).hasValue(2);
		assertThat(events(token.id())).filteredOn(row -> row.event() == AuditEvent.QUOTA_CHANGED)
			.singleElement()
			.satisfies(row -> assertThat(row.metadata()).containsEntry("period", "credits")
				.containsEntry("refilled", 3)
				.containsEntry("remaining", 3));
	}

	@Test
	void concurrentRequestsTakeExactlyTheCreditsThereAre() throws Exception {
		int credits = 40;
		Token token = this.tokenService
			.issue(IssueTokenRequest.builder(ALICE, "contended").quota(TokenQuota.credits(credits)).build())
			.token();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<OptionalLong>> takes = new ArrayList<>();
			for (int i = 0; i < 3 * credits; i++) {
				takes.add(pool.submit(() -> this.tokenService.takeCredit(token.id())));
			}
			List<Long> left = new ArrayList<>();
			for (Future<OptionalLong> take : takes) {
				take.get(30, TimeUnit.SECONDS).ifPresent(left::add);
			}

			assertThat(left).hasSize(credits).doesNotHaveDuplicates().allMatch(remaining -> remaining < credits);
			assertThat(this.tokenService.remainingCredits(token.id())).hasValue(0);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void rotationMovesTheCreditsLeftToTheReplacement() {
		Token token = this.tokenService
			.issue(IssueTokenRequest.builder(ALICE, "prepaid").quota(TokenQuota.credits(10)).build())
			.token();
		this.tokenService.takeCredit(token.id());

		IssuedToken replacement = this.tokenService.rotate(token.id(), Duration.ofMinutes(5));

		assertThat(replacement.token().quota()).isEqualTo(TokenQuota.credits(10));
		assertThat(this.tokenService.remainingCredits(replacement.token().id())).hasValue(9);
		assertThat(this.tokenService.remainingCredits(token.id())).hasValue(0);
	}

	@Test
	void quotaOutOfRangeIsRefusedOnIssue() {
		assertRefused("quota", builder -> builder.quota(TokenQuota.perDay(0)));
		assertRefused("quota", builder -> builder.quota(TokenQuota.credits(TokenQuota.MAX_LIMIT + 1)));
	}

	@Test
	void quotaOutOfRangeIsRefusedOnSetAndChangesNothing() {
		Token token = this.tokenService
			.issue(IssueTokenRequest.builder(ALICE, "daily").quota(TokenQuota.perDay(10)).build())
			.token();
		long rowsBefore = auditRowCount();

		assertThatExceptionOfType(InvalidTokenRequestException.class)
			.isThrownBy(() -> this.tokenService.setQuota(token.id(), TokenQuota.perMonth(-1)))
			.satisfies(ex -> assertThat(ex.getField()).isEqualTo("quota"));

		assertThat(this.tokenService.find(token.id()).orElseThrow().quota()).isEqualTo(TokenQuota.perDay(10));
		assertThat(auditRowCount()).isEqualTo(rowsBefore);
	}

	@Test
	void refillOutOfRangeOrOfATokenWithoutCreditsIsRefusedAndChangesNothing() {
		Token prepaid = this.tokenService
			.issue(IssueTokenRequest.builder(ALICE, "prepaid").quota(TokenQuota.credits(5)).build())
			.token();
		Token daily = this.tokenService
			.issue(IssueTokenRequest.builder(ALICE, "daily").quota(TokenQuota.perDay(10)).build())
			.token();
		long rowsBefore = auditRowCount();

		assertThatExceptionOfType(InvalidTokenRequestException.class)
			.isThrownBy(() -> this.tokenService.refillCredits(prepaid.id(), 0))
			.satisfies(ex -> assertThat(ex.getField()).isEqualTo("amount"));
		assertThatExceptionOfType(InvalidTokenRequestException.class)
			.isThrownBy(() -> this.tokenService.refillCredits(prepaid.id(), TokenQuota.MAX_LIMIT))
			.satisfies(ex -> assertThat(ex.getField()).isEqualTo("amount"));
		assertThatExceptionOfType(TokenStateException.class)
			.isThrownBy(() -> this.tokenService.refillCredits(daily.id(), 5));
		assertThatExceptionOfType(TokenNotFoundException.class)
			.isThrownBy(() -> this.tokenService.refillCredits(Long.MAX_VALUE, 5));

		assertThat(this.tokenService.remainingCredits(prepaid.id())).hasValue(5);
		assertThat(auditRowCount()).isEqualTo(rowsBefore);
	}

	private void assertRefused(String field, Consumer<IssueTokenRequest.Builder> customizer) {
		IssueTokenRequest.Builder builder = IssueTokenRequest.builder(ALICE, "refused");
		customizer.accept(builder);
		assertRefused(field, builder.build());
	}

	private void assertRefused(String field, IssueTokenRequest request) {
		long tokensBefore = tokenCount();
		long rowsBefore = auditRowCount();
		assertThatExceptionOfType(InvalidTokenRequestException.class).isThrownBy(() -> this.tokenService.issue(request))
			.satisfies(ex -> assertThat(ex.getField()).isEqualTo(field))
			.withMessageStartingWith("Invalid " + field + ": ");
		assertThat(tokenCount()).isEqualTo(tokensBefore);
		assertThat(auditRowCount()).isEqualTo(rowsBefore);
		assertThat(this.events.stream(TokenCreated.class)).isEmpty();
	}

	private static Consumer<TokenResolution> rejected(AuthenticationFailureReason reason, Long tokenId) {
		return resolution -> assertThat(resolution).isInstanceOfSatisfying(TokenResolution.Rejected.class, rejected -> {
			assertThat(rejected.reason()).isEqualTo(reason);
			assertThat(rejected.tokenId()).isEqualTo(tokenId);
		});
	}

	private Token issue(String name) {
		return this.tokenService.issue(IssueTokenRequest.builder(ALICE, name).build()).token();
	}

	private List<AuditEntry> events(Long tokenId) {
		return new AuditTrail(this.context).ofToken(tokenId);
	}

	private long tokenCount() {
		return this.jdbc.queryForObject("select count(*) from bearer_tokens", Long.class);
	}

	private long auditRowCount() {
		AuditTrail.drain(this.context);
		return this.jdbc.queryForObject("select count(*) from bearer_token_audit_logs", Long.class);
	}

}
