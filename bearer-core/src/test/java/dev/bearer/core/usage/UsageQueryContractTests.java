package dev.bearer.core.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;

import dev.bearer.core.CoreTestApplication;
import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.Token;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenNotFoundException;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.test.MutableClock;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The usage queries against a real database, through the public API only; one short
 * subclass per database runs it. Rows are written straight into the audit table, each
 * subclass saying how a UTC instant and a JSON document are bound on its database.
 */
@SpringBootTest(classes = CoreTestApplication.class)
public abstract class UsageQueryContractTests {

	private static final Instant NOW = Instant.parse("2026-11-10T09:17:42.123456Z");

	private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

	private static final ZoneId KATHMANDU = ZoneId.of("Asia/Kathmandu");

	private static final ZoneId UTC = ZoneId.of("UTC");

	private static final TokenOwner ALICE = TokenOwner.of("user", 1);

	private static final TokenOwner TEAM = TokenOwner.of("team", 7);

	private static final TokenOwner BOB = TokenOwner.of("user", 2);

	private static final TokenOwner NOBODY = TokenOwner.of("user", 3);

	private static final int MAX = UsageQueryService.MAX_PAGE_SIZE;

	/** More rows than any page or list may hold. */
	private static final int FLOOD = MAX + 37;

	@Autowired
	private UsageQueryService usage;

	@Autowired
	private TokenService tokenService;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private MutableClock clock;

	private AuditRowWriter writer;

	private long nextId = 1_000_000;

	@BeforeEach
	void cleanDatabase() {
		RollupTables.clear(this.jdbc);
		this.jdbc.update("delete from bearer_token_audit_logs");
		this.jdbc.update("delete from bearer_tokens");
		this.jdbc.update("delete from bearer_token_groups");
		this.clock.set(NOW);
		this.writer = new AuditRowWriter(this.jdbc, jsonPlaceholder(), this::timestamp);
	}

	/**
	 * The SQL placeholder that writes a JSON text into a {@code json}/{@code jsonb}
	 * column.
	 */
	protected abstract String jsonPlaceholder();

	/**
	 * The JDBC value that writes {@code instant} into {@code created_at} as the UTC
	 * instant it is.
	 */
	protected abstract Object timestamp(Instant instant);

	// ---- the oracle: a random history, every query, every zone ----

	@Test
	void perTokenQueriesAgreeWithTheOracleForEveryToken() {
		History history = history();
		UsageOracle oracle = history.oracle();
		long main = history.tokens().get(0).id();
		assertThat(oracle.authenticationCount(main)).as("the fixture gives the main token a rich history")
			.isGreaterThan(250);
		assertThat(oracle.usageByIp(main)).as("the fixture uses every IP").hasSize(AuditHistory.IPS.size());

		for (Token token : history.tokens()) {
			long id = token.id();
			String name = "token " + token.name();
			assertThat(this.usage.authenticationCount(id)).as(name).isEqualTo(oracle.authenticationCount(id));
			assertThat(allPages(pageable -> this.usage.authentications(id, pageable), 97)).as(name)
				.isEqualTo(oracle.authentications(id));
			assertThat(this.usage.recentAuthentications(id)).as(name).isEqualTo(oracle.recentAuthentications(id, 7));
			for (int days : AuditHistory.DAY_WINDOWS) {
				assertThat(this.usage.recentAuthentications(id, days)).as(name + ", " + days + " days")
					.isEqualTo(oracle.recentAuthentications(id, days));
				assertThat(allPages(pageable -> this.usage.recentAuthentications(id, days, pageable), 41))
					.as(name + ", " + days + " days, paged")
					.isEqualTo(oracle.recentAuthentications(id, days));
			}
			assertThat(this.usage.firstUse(id)).as(name).isEqualTo(oracle.firstUse(id));
			assertThat(this.usage.lastUse(id)).as(name).isEqualTo(oracle.lastUse(id));
			assertThat(this.usage.usageByIp(id)).as(name).isEqualTo(oracle.usageByIp(id));
			assertThat(this.usage.lifecycleEvents(id)).as(name).isEqualTo(oracle.lifecycleEvents(id));
		}
	}

	@Test
	void dailyAndHourlyBucketsAgreeWithTheOracleInEveryZone() {
		History history = history();
		UsageOracle oracle = history.oracle();
		for (ZoneId zone : AuditHistory.ZONES) {
			for (Token token : history.tokens()) {
				long id = token.id();
				String name = "token " + token.name() + " in " + zone;
				assertThat(this.usage.dailyCounts(id, zone)).as(name).isEqualTo(oracle.dailyCounts(id, 30, zone));
				for (int days : AuditHistory.DAY_WINDOWS) {
					assertThat(this.usage.dailyCounts(id, days, zone)).as(name + ", " + days + " days")
						.isEqualTo(oracle.dailyCounts(id, days, zone));
				}
				assertThat(this.usage.hourlyDistribution(id, zone)).as(name)
					.isEqualTo(oracle.hourlyDistribution(id, zone, null));
				for (int days : List.of(7, 250)) {
					assertThat(this.usage.hourlyDistribution(id, zone, days)).as(name + ", " + days + " days")
						.isEqualTo(oracle.hourlyDistribution(id, zone, days));
				}
			}
		}
	}

	@Test
	void ownerQueriesAndStatisticsAgreeWithTheOracle() {
		History history = history();
		UsageOracle oracle = history.oracle();
		for (TokenOwner owner : List.of(ALICE, TEAM, BOB, NOBODY)) {
			String name = owner.toString();
			assertThat(this.usage.ownerAuthenticationCount(owner)).as(name)
				.isEqualTo(oracle.ownerAuthenticationCount(owner));
			assertThat(this.usage.mostActiveTokens(owner)).as(name).isEqualTo(oracle.mostActiveTokens(owner, 10));
			for (int limit : List.of(1, 3, 100)) {
				assertThat(this.usage.mostActiveTokens(owner, limit)).as(name + ", limit " + limit)
					.isEqualTo(oracle.mostActiveTokens(owner, limit));
			}
			assertThat(this.usage.statistics(owner)).as(name).isEqualTo(oracle.statistics(owner, 30));
			for (int days : AuditHistory.DAY_WINDOWS) {
				assertThat(this.usage.statistics(owner, days)).as(name + ", " + days + " days")
					.isEqualTo(oracle.statistics(owner, days));
			}
		}
		assertThat(oracle.statistics(ALICE, 30).byType()).as("the fixture has a custom type").containsKey("ci");
	}

	@Test
	void failureQueriesAgreeWithTheOracle() {
		UsageOracle oracle = history().oracle();
		assertThat(oracle.failedAttempts(24)).as("the fixture has recent failures").hasSizeGreaterThan(50);

		assertThat(allPages(this.usage::failedAttempts, 10)).isEqualTo(oracle.failedAttempts(24));
		for (int hours : List.of(1, 24, 168, 24 * 300)) {
			assertThat(allPages(pageable -> this.usage.failedAttempts(hours, pageable), 100)).as(hours + " hours")
				.isEqualTo(oracle.failedAttempts(hours));
		}

		List<IpCount> suspicious = this.usage.suspiciousIps();
		assertThat(suspicious)
			.isEqualTo(oracle.suspiciousIps(UsageQueryService.DEFAULT_SUSPICIOUS_EVENTS, 10, Duration.ofHours(1)));
		assertThat(suspicious).extracting(IpCount::ipAddress).contains("203.0.113.9", "198.51.100.7");
		assertThat(this.usage.suspiciousIps(EnumSet.of(AuditEvent.RATE_LIMITED), 5, Duration.ofHours(1)))
			.isEqualTo(oracle.suspiciousIps(EnumSet.of(AuditEvent.RATE_LIMITED), 5, Duration.ofHours(1)));
		assertThat(this.usage.suspiciousIps(AuditEvent.FAILURES, 0, Duration.ofDays(1)))
			.isEqualTo(oracle.suspiciousIps(AuditEvent.FAILURES, 0, Duration.ofDays(1)));
		assertThat(this.usage.suspiciousIps(EnumSet.allOf(AuditEvent.class), 3, Duration.ofDays(30)))
			.isEqualTo(oracle.suspiciousIps(EnumSet.allOf(AuditEvent.class), 3, Duration.ofDays(30)));
	}

	@Test
	void fluentQueriesAgreeWithTheOracle() {
		History history = history();
		UsageOracle oracle = history.oracle();
		long main = history.tokens().get(0).id();
		Instant weekAgo = NOW.minus(Duration.ofDays(7));
		Instant from = Instant.parse("2026-03-29T00:30:00Z");
		Instant to = Instant.parse("2026-10-25T01:00:00Z");

		assertThat(this.usage.query().count()).isEqualTo(history.rows().size());
		assertThat(allPages(this.usage.query()
			.owner(ALICE)
			.events(AuditEvent.IP_BLOCKED, AuditEvent.DOMAIN_BLOCKED)
			.within(Duration.ofDays(7))::page, 25))
			.isEqualTo(oracle.matching(row -> oracle.ownedBy(row, ALICE)
					&& Set.of(AuditEvent.IP_BLOCKED, AuditEvent.DOMAIN_BLOCKED).contains(row.event())
					&& row.createdAt().isAfter(weekAgo)));
		assertThat(this.usage.query().token(main).ipAddress("10.0.0.1").between(from, to).list()).isEqualTo(
				oracle.matching(row -> Long.valueOf(main).equals(row.tokenId()) && "10.0.0.1".equals(row.ipAddress())
						&& !row.createdAt().isBefore(from) && row.createdAt().isBefore(to)));
		assertThat(this.usage.query().events(AuditEvent.FAILED).after(weekAgo).list())
			.isEqualTo(oracle.matching(row -> row.event() == AuditEvent.FAILED && row.createdAt().isAfter(weekAgo)));
		assertThat(this.usage.query().events(AuditEvent.FAILED).list())
			.anySatisfy(entry -> assertThat(entry.tokenId()).as("failures of unknown tokens are included").isNull());
		assertThat(this.usage.query().token(main).oldestFirst().first())
			.isEqualTo(oracle.matching(row -> Long.valueOf(main).equals(row.tokenId())).stream().reduce((a, b) -> b));
		assertThat(this.usage.query().ipAddress("2001:db8::a").count())
			.isEqualTo(history.rows().stream().filter(row -> "2001:db8::a".equals(row.ipAddress())).count());
	}

	// ---- local days and hours ----

	@Test
	void dailyCountsAcrossSpringForwardCountEachLocalDayOnce() {
		long token = issue(ALICE, "dst", "sk", TokenEnvironment.LIVE).id();
		this.clock.set(Instant.parse("2026-03-30T12:00:00Z"));
		authenticated(token, "2026-03-28T22:59:59.999999Z", "2026-03-28T23:00:00Z", "2026-03-29T00:30:00Z",
				"2026-03-29T01:00:00Z", "2026-03-29T21:59:59.999999Z", "2026-03-29T22:00:00Z");

		assertThat(this.usage.dailyCounts(token, 3, BERLIN)).containsExactly(day("2026-03-28", 1), day("2026-03-29", 4),
				day("2026-03-30", 1));
		assertThat(this.usage.dailyCounts(token, 3, UTC)).containsExactly(day("2026-03-28", 2), day("2026-03-29", 4),
				day("2026-03-30", 0));
	}

	@Test
	void hourlyDistributionOnTheSpringForwardDayHasNoRowInTheSkippedHour() {
		long token = issue(ALICE, "dst", "sk", TokenEnvironment.LIVE).id();
		this.clock.set(Instant.parse("2026-03-30T12:00:00Z"));
		authenticated(token, "2026-03-28T22:59:59.999999Z", "2026-03-28T23:00:00Z", "2026-03-29T00:30:00Z",
				"2026-03-29T00:59:59.999999Z", "2026-03-29T01:00:00Z", "2026-03-29T21:59:59.999999Z",
				"2026-03-29T22:00:00Z");

		assertThat(this.usage.hourlyDistribution(token, BERLIN)).isEqualTo(hours(Map.of(0, 2L, 1, 2L, 3, 1L, 23, 2L)));
	}

	@Test
	void dailyCountsAcrossFallBackCountTheTwentyFiveHourDayOnce() {
		long token = issue(ALICE, "dst", "sk", TokenEnvironment.LIVE).id();
		this.clock.set(Instant.parse("2026-10-26T12:00:00Z"));
		authenticated(token, "2026-10-24T21:59:59.999999Z", "2026-10-24T22:00:00Z", "2026-10-25T00:30:00Z",
				"2026-10-25T01:30:00Z", "2026-10-25T22:59:59.999999Z", "2026-10-25T23:00:00Z");

		assertThat(this.usage.dailyCounts(token, 3, BERLIN)).containsExactly(day("2026-10-24", 1), day("2026-10-25", 4),
				day("2026-10-26", 1));
		assertThat(this.usage.dailyCounts(token, 2, BERLIN)).containsExactly(day("2026-10-25", 4),
				day("2026-10-26", 1));
	}

	@Test
	void hourlyDistributionOnTheFallBackDayCountsTheRepeatedHourTwice() {
		long token = issue(ALICE, "dst", "sk", TokenEnvironment.LIVE).id();
		this.clock.set(Instant.parse("2026-10-26T12:00:00Z"));
		authenticated(token, "2026-10-24T21:59:59.999999Z", "2026-10-24T22:00:00Z", "2026-10-25T00:30:00Z",
				"2026-10-25T01:30:00Z", "2026-10-25T22:59:59.999999Z", "2026-10-25T23:00:00Z");

		assertThat(this.usage.hourlyDistribution(token, BERLIN)).isEqualTo(hours(Map.of(0, 2L, 2, 2L, 23, 2L)));
		assertThat(this.usage.hourlyDistribution(token, UTC))
			.isEqualTo(hours(Map.of(0, 1L, 1, 1L, 21, 1L, 22, 2L, 23, 1L)));
	}

	@Test
	void halfHourZoneStartsItsDaysAndHoursAtHalfPastUtc() {
		long token = issue(ALICE, "india", "pk", TokenEnvironment.LIVE).id();
		this.clock.set(Instant.parse("2026-06-16T00:00:00Z"));
		authenticated(token, "2026-06-14T18:29:59.999999Z", "2026-06-14T18:30:00Z", "2026-06-14T19:00:00Z",
				"2026-06-14T19:29:59.999999Z", "2026-06-14T19:30:00Z");

		assertThat(this.usage.dailyCounts(token, 3, KOLKATA)).containsExactly(day("2026-06-14", 1),
				day("2026-06-15", 4), day("2026-06-16", 0));
		assertThat(this.usage.hourlyDistribution(token, KOLKATA)).isEqualTo(hours(Map.of(23, 1L, 0, 3L, 1, 1L)));
	}

	@Test
	void fortyFiveMinuteZoneStartsItsDaysAndHoursAtQuarterPastUtc() {
		long token = issue(ALICE, "nepal", "pk", TokenEnvironment.LIVE).id();
		this.clock.set(Instant.parse("2026-06-16T00:00:00Z"));
		authenticated(token, "2026-06-14T18:14:59.999999Z", "2026-06-14T18:15:00Z", "2026-06-14T19:14:59.999999Z",
				"2026-06-14T19:15:00Z");

		assertThat(this.usage.dailyCounts(token, 2, KATHMANDU)).containsExactly(day("2026-06-15", 3),
				day("2026-06-16", 0));
		assertThat(this.usage.hourlyDistribution(token, KATHMANDU)).isEqualTo(hours(Map.of(23, 1L, 0, 2L, 1, 1L)));
	}

	@Test
	void dailyCountsWindowStartsAtLocalMidnightOfItsFirstDay() {
		long token = issue(ALICE, "edges", "sk", TokenEnvironment.LIVE).id();
		Instant firstDayStart = LocalDate.ofInstant(NOW, BERLIN).minusDays(6).atStartOfDay(BERLIN).toInstant();
		authenticated(token, firstDayStart.minus(1, ChronoUnit.MICROS), firstDayStart, NOW);

		List<DailyCount> week = this.usage.dailyCounts(token, 7, BERLIN);

		assertThat(week).hasSize(7);
		assertThat(week.get(0)).isEqualTo(new DailyCount(LocalDate.ofInstant(firstDayStart, BERLIN), 1));
		assertThat(week.get(6)).isEqualTo(new DailyCount(LocalDate.ofInstant(NOW, BERLIN), 1));
		assertThat(week).extracting(DailyCount::count).containsExactly(1L, 0L, 0L, 0L, 0L, 0L, 1L);
	}

	@Test
	void rowsWrittenByTheTokenServiceAreBucketedAtTheirUtcInstant() {
		this.clock.set(Instant.parse("2026-10-25T00:30:00.123456Z"));
		Token token = issue(ALICE, "via hibernate", "sk", TokenEnvironment.LIVE);
		this.clock.set(Instant.parse("2026-10-25T01:30:00.654321Z"));
		this.tokenService.revoke(token.id(), "done");

		assertThat(this.usage.lifecycleEvents(token.id())).extracting(AuditEntry::event, AuditEntry::createdAt)
			.containsExactly(tuple(AuditEvent.CREATED, Instant.parse("2026-10-25T00:30:00.123456Z")),
					tuple(AuditEvent.REVOKED, Instant.parse("2026-10-25T01:30:00.654321Z")));
		assertThat(this.usage.query()
			.token(token.id())
			.between(Instant.parse("2026-10-25T00:30:00.123456Z"), Instant.parse("2026-10-25T00:30:00.123457Z"))
			.list()).extracting(AuditEntry::event).containsExactly(AuditEvent.CREATED);
	}

	// ---- windows: strictly after now - N, as the seed ----

	@Test
	void recentAuthenticationsExcludeARowExactlyAtTheWindowStart() {
		long token = issue(ALICE, "recent", "sk", TokenEnvironment.LIVE).id();
		Instant weekAgo = NOW.minus(Duration.ofDays(7));
		List<AuditRow> rows = authenticated(token, weekAgo, weekAgo.plus(1, ChronoUnit.MICROS), NOW);

		assertThat(this.usage.recentAuthentications(token)).containsExactly(rows.get(2).toEntry(),
				rows.get(1).toEntry());
		assertThat(this.usage.recentAuthentications(token, 8)).hasSize(3);
		assertThat(this.usage.hourlyDistribution(token, UTC, 7)).as("both rows inside the window are at 09 UTC")
			.isEqualTo(hours(Map.of(9, 2L)));
	}

	@Test
	void failedAttemptsExcludeARowExactlyAtTheWindowStartAndIncludeUnknownTokens() {
		long token = issue(ALICE, "failing", "sk", TokenEnvironment.LIVE).id();
		Instant dayAgo = NOW.minus(Duration.ofHours(24));
		AuditRow atEdge = row(token, AuditEvent.FAILED, "192.0.2.1", dayAgo);
		AuditRow justInside = row(token, AuditEvent.EXPIRED, "192.0.2.1", dayAgo.plus(1, ChronoUnit.MICROS));
		AuditRow unknownToken = row(null, AuditEvent.DOMAIN_BLOCKED, null, NOW.minusSeconds(60));
		AuditRow rateLimited = row(token, AuditEvent.RATE_LIMITED, "192.0.2.1", NOW);
		AuditRow ipBlocked = row(token, AuditEvent.IP_BLOCKED, "192.0.2.2", NOW.minusSeconds(30));
		this.writer.insert(List.of(atEdge, justInside, unknownToken, rateLimited, ipBlocked,
				row(token, AuditEvent.AUTHENTICATED, "192.0.2.1", NOW), row(token, AuditEvent.REVOKED, null, NOW)));

		assertThat(this.usage.failedAttempts(PageRequest.of(0, 10))).containsExactly(rateLimited.toEntry(),
				ipBlocked.toEntry(), unknownToken.toEntry(), justInside.toEntry());
		assertThat(this.usage.failedAttempts(25, PageRequest.of(0, 10))).hasSize(5);
		Page<AuditEntry> firstPage = this.usage.failedAttempts(24, PageRequest.of(0, 3));
		assertThat(firstPage.getContent()).containsExactly(rateLimited.toEntry(), ipBlocked.toEntry(),
				unknownToken.toEntry());
		assertThat(firstPage.getTotalElements()).isEqualTo(4);
		assertThat(firstPage.getTotalPages()).isEqualTo(2);
	}

	@Test
	void suspiciousIpsNeedMoreThanTheThresholdWithinTheWindow() {
		long token = issue(ALICE, "attacked", "sk", TokenEnvironment.LIVE).id();
		Instant hourAgo = NOW.minus(Duration.ofHours(1));
		List<AuditRow> rows = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			rows.add(row(null, AuditEvent.FAILED, "203.0.113.10", NOW.minusSeconds(60 + i)));
			rows.add(row(token, AuditEvent.IP_BLOCKED, "203.0.113.11", NOW.minusSeconds(60 + i)));
			rows.add(row(null, AuditEvent.FAILED, null, NOW.minusSeconds(60 + i)));
			rows.add(row(null, AuditEvent.RATE_LIMITED, "203.0.113.12", NOW.minusSeconds(60 + i)));
		}
		rows.add(row(null, AuditEvent.FAILED, "203.0.113.10", hourAgo));
		rows.add(row(null, AuditEvent.FAILED, "203.0.113.11", hourAgo.plus(1, ChronoUnit.MICROS)));
		rows.add(row(null, AuditEvent.RATE_LIMITED, "203.0.113.12", NOW));
		rows.add(row(null, AuditEvent.FAILED, null, NOW));
		this.writer.insert(rows);

		assertThat(this.usage.suspiciousIps()).containsExactly(new IpCount("203.0.113.11", 11));
		assertThat(this.usage.suspiciousIps(Set.of(AuditEvent.FAILED, AuditEvent.IP_BLOCKED), 9, Duration.ofHours(1)))
			.containsExactly(new IpCount("203.0.113.11", 11), new IpCount("203.0.113.10", 10));
		assertThat(this.usage.suspiciousIps(AuditEvent.FAILURES, 10, Duration.ofHours(2))).containsExactly(
				new IpCount("203.0.113.10", 11), new IpCount("203.0.113.11", 11), new IpCount("203.0.113.12", 11));
	}

	@Test
	void suspiciousIpsCountAFailureBudgetRowAsTheAttemptsItStandsFor() {
		long token = issue(ALICE, "noted", "sk", TokenEnvironment.LIVE).id();
		List<AuditRow> rows = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			rows.add(row(null, AuditEvent.FAILED, "203.0.113.20", NOW.minusSeconds(120 + i)));
		}
		rows.add(budgetRow("203.0.113.20", 250, NOW.minusSeconds(60)));
		rows.add(budgetRow("203.0.113.21", 9, NOW.minusSeconds(60)));
		rows.add(budgetRow("203.0.113.21", 2, NOW.minusSeconds(30)));
		rows.add(budgetRow("203.0.113.22", 500, NOW.minus(Duration.ofHours(2))));
		rows.add(new AuditRow(this.nextId++, token, AuditEvent.FAILED, "203.0.113.23", "test-agent",
				Map.of("reason", "revoked", "attempts", 1000), NOW.minusSeconds(60)));
		this.writer.insert(rows);

		assertThat(this.usage.suspiciousIps()).containsExactly(new IpCount("203.0.113.20", 253),
				new IpCount("203.0.113.21", 11));
		assertThat(this.usage.suspiciousIps(Set.of(AuditEvent.FAILED), 252, Duration.ofHours(1)))
			.containsExactly(new IpCount("203.0.113.20", 253));
		assertThat(this.usage.suspiciousIps(Set.of(AuditEvent.FAILED), 0, Duration.ofHours(3))).containsExactly(
				new IpCount("203.0.113.22", 500), new IpCount("203.0.113.20", 253), new IpCount("203.0.113.21", 11),
				new IpCount("203.0.113.23", 1));
	}

	@Test
	void statisticsWindowExcludesARowExactlyAtTheWindowStart() {
		long token = issue(ALICE, "stats", "sk", TokenEnvironment.LIVE).id();
		Instant monthAgo = NOW.minus(Duration.ofDays(30));
		this.writer.insert(List.of(row(token, AuditEvent.AUTHENTICATED, "192.0.2.1", monthAgo),
				row(token, AuditEvent.AUTHENTICATED, "192.0.2.2", monthAgo.plus(1, ChronoUnit.MICROS)),
				row(token, AuditEvent.FAILED, "192.0.2.3", monthAgo),
				row(token, AuditEvent.EXPIRED, "192.0.2.3", monthAgo.plus(1, ChronoUnit.MICROS))));

		UsageStatistics statistics = this.usage.statistics(ALICE);

		assertThat(statistics.totalRequests()).isEqualTo(1);
		assertThat(statistics.uniqueIps()).isEqualTo(1);
		assertThat(statistics.failedAttempts()).isEqualTo(1);
		assertThat(this.usage.statistics(ALICE, 31).totalRequests()).isEqualTo(2);
	}

	// ---- the token census ----

	@Test
	void tokenCensusCountsEveryOwnersTokensByTypeEnvironmentAndStateAtTheClocksNow() {
		Instant census = NOW.plus(Duration.ofHours(1));
		issue(ALICE, "live key", "sk", TokenEnvironment.LIVE);
		issue(BOB, "bob's live key", "sk", TokenEnvironment.LIVE);
		issue(BOB, "bob's test key", "sk", TokenEnvironment.TEST);
		this.tokenService.revoke(issueExpiring(ALICE, "revoked, later expired", "sk", TokenEnvironment.LIVE,
				NOW.plus(Duration.ofMinutes(30)))
			.id(), "leaked");
		issueExpiring(TEAM, "expired", "pk", TokenEnvironment.TEST, NOW.plus(Duration.ofMinutes(30)));
		issueExpiring(TEAM, "expires just after the census", "pk", TokenEnvironment.TEST,
				census.plus(1, ChronoUnit.MICROS));
		issue(ALICE, "ci: its one-hour lifetime ends at the census", "ci", TokenEnvironment.TEST);
		this.tokenService.revoke(issue(TEAM, "ci, revoked and expired", "ci", TokenEnvironment.TEST).id(), "done");
		this.tokenService.rotate(issue(ALICE, "rotated, in its grace period", "rk", TokenEnvironment.LIVE).id(),
				Duration.ofHours(2));
		this.tokenService.rotate(issue(ALICE, "rotated, grace ends at the census", "rk", TokenEnvironment.LIVE).id(),
				Duration.ofHours(1));
		this.clock.set(census);

		TokenCensus tokens = this.usage.tokenCensus();

		assertThat(tokens.at()).isEqualTo(census);
		assertThat(tokens.counts()).containsExactly(count("ci", TokenEnvironment.TEST, TokenCensus.State.EXPIRED, 1),
				count("ci", TokenEnvironment.TEST, TokenCensus.State.REVOKED, 1),
				count("pk", TokenEnvironment.TEST, TokenCensus.State.ACTIVE, 1),
				count("pk", TokenEnvironment.TEST, TokenCensus.State.EXPIRED, 1),
				count("rk", TokenEnvironment.LIVE, TokenCensus.State.ACTIVE, 3),
				count("rk", TokenEnvironment.LIVE, TokenCensus.State.REVOKED, 1),
				count("sk", TokenEnvironment.TEST, TokenCensus.State.ACTIVE, 1),
				count("sk", TokenEnvironment.LIVE, TokenCensus.State.ACTIVE, 2),
				count("sk", TokenEnvironment.LIVE, TokenCensus.State.REVOKED, 1));
		assertThat(tokens.total()).isEqualTo(12);
		assertThat(tokens.count(TokenCensus.State.ACTIVE)).isEqualTo(7);
		assertThat(tokens.count(TokenCensus.State.EXPIRED)).isEqualTo(2);
		assertThat(tokens.count(TokenCensus.State.REVOKED)).isEqualTo(3);
	}

	@Test
	void tokenCensusOfAnEmptyStoreIsEmpty() {
		TokenCensus tokens = this.usage.tokenCensus();

		assertThat(tokens.at()).isEqualTo(NOW);
		assertThat(tokens.counts()).isEmpty();
		assertThat(tokens.total()).isZero();
	}

	// ---- owners, tokens, IPs, entries ----

	@Test
	void statisticsCountOnlyTheSeedsThreeFailureEventsOfTheOwnersTokens() {
		long token = issue(ALICE, "mine", "sk", TokenEnvironment.LIVE).id();
		long theirs = issue(BOB, "theirs", "sk", TokenEnvironment.LIVE).id();
		Instant recent = NOW.minusSeconds(60);
		List<AuditRow> rows = new ArrayList<>();
		for (AuditEvent event : AuditEvent.values()) {
			rows.add(row(token, event, "192.0.2.1", recent));
			rows.add(row(theirs, event, "192.0.2.9", recent));
			rows.add(row(null, event, "192.0.2.8", recent));
		}
		rows.add(row(token, AuditEvent.AUTHENTICATED, null, recent));
		rows.add(row(token, AuditEvent.AUTHENTICATED, "192.0.2.2", recent));
		this.writer.insert(rows);

		UsageStatistics statistics = this.usage.statistics(ALICE);

		assertThat(statistics.failedAttempts()).isEqualTo(3);
		assertThat(statistics.totalRequests()).isEqualTo(3);
		assertThat(statistics.uniqueIps()).isEqualTo(2);
	}

	@Test
	void activeTokensAreThoseNeverRevokedAsInTheSeed() {
		issue(ALICE, "plain", "sk", TokenEnvironment.LIVE);
		Token revoked = issue(ALICE, "revoked", "pk", TokenEnvironment.TEST);
		Token rotated = issue(ALICE, "rotated", "rk", TokenEnvironment.LIVE);
		issue(ALICE, "pipeline", "ci", TokenEnvironment.TEST);
		this.tokenService.revoke(revoked.id(), "leaked");
		this.tokenService.rotate(rotated.id(), Duration.ofHours(1));

		UsageStatistics statistics = this.usage.statistics(ALICE);

		assertThat(statistics.totalTokens()).as("four issued plus the rotation's replacement").isEqualTo(5);
		assertThat(statistics.activeTokens()).as("the rotated token still works for an hour but has a revoked_at")
			.isEqualTo(3);
		assertThat(statistics.byEnvironment()).containsExactly(Map.entry("test", 2L), Map.entry("live", 3L));
		assertThat(statistics.byType()).containsExactly(Map.entry("sk", 1L), Map.entry("pk", 1L), Map.entry("rk", 2L),
				Map.entry("ci", 1L));
	}

	@Test
	void statisticsSerialiseToTheSeedsSnakeCaseShape() {
		long token = issue(ALICE, "json", "sk", TokenEnvironment.LIVE).id();
		issue(ALICE, "pipeline", "ci", TokenEnvironment.TEST);
		this.writer.insert(List.of(row(token, AuditEvent.AUTHENTICATED, "192.0.2.1", NOW),
				row(token, AuditEvent.AUTHENTICATED, "192.0.2.1", NOW), row(token, AuditEvent.IP_BLOCKED, null, NOW)));

		String json = JsonMapper.builder().build().writeValueAsString(this.usage.statistics(ALICE));

		assertThat(json).isEqualTo("{\"total_tokens\":2,\"active_tokens\":2,\"total_requests\":2,\"unique_ips\":1,"
				+ "\"failed_attempts\":1,\"by_environment\":{\"test\":1,\"live\":1},"
				+ "\"by_type\":{\"sk\":1,\"pk\":0,\"rk\":0,\"ci\":1}}");
	}

	@Test
	void mostActiveTokensIncludeUnusedTokensAndBreakTiesById() {
		Token quiet = issue(ALICE, "quiet", "pk", TokenEnvironment.TEST);
		Token busy = issue(ALICE, "busy", "sk", TokenEnvironment.LIVE);
		Token tiedFirst = issue(ALICE, "tied first", "rk", TokenEnvironment.LIVE);
		Token tiedSecond = issue(ALICE, "tied second", "rk", TokenEnvironment.LIVE);
		issue(BOB, "not alice's", "sk", TokenEnvironment.LIVE);
		authenticated(busy.id(), NOW, NOW, NOW);
		authenticated(tiedSecond.id(), NOW);
		authenticated(tiedFirst.id(), NOW);
		this.writer.insert(List.of(row(quiet.id(), AuditEvent.FAILED, null, NOW)));

		assertThat(this.usage.mostActiveTokens(ALICE)).containsExactly(usage(busy, 3), usage(tiedFirst, 1),
				usage(tiedSecond, 1), usage(quiet, 0));
		assertThat(this.usage.mostActiveTokens(ALICE, 2)).containsExactly(usage(busy, 3), usage(tiedFirst, 1));
		assertThat(this.usage.ownerAuthenticationCount(ALICE)).isEqualTo(5);
	}

	@Test
	void usageByIpLeavesOutRowsWithoutAnIpAndOrdersTiesByIpText() {
		long token = issue(ALICE, "ips", "sk", TokenEnvironment.LIVE).id();
		this.writer.insert(List.of(row(token, AuditEvent.AUTHENTICATED, "9.9.9.9", NOW),
				row(token, AuditEvent.AUTHENTICATED, "100.0.0.1", NOW),
				row(token, AuditEvent.AUTHENTICATED, "10.0.0.1", NOW),
				row(token, AuditEvent.AUTHENTICATED, "2001:db8::1", NOW),
				row(token, AuditEvent.AUTHENTICATED, "2001:db8::1", NOW),
				row(token, AuditEvent.AUTHENTICATED, null, NOW), row(token, AuditEvent.AUTHENTICATED, null, NOW),
				row(token, AuditEvent.AUTHENTICATED, null, NOW), row(token, AuditEvent.FAILED, "9.9.9.9", NOW)));

		assertThat(this.usage.usageByIp(token)).containsExactly(new IpCount("2001:db8::1", 2),
				new IpCount("10.0.0.1", 1), new IpCount("100.0.0.1", 1), new IpCount("9.9.9.9", 1));
		assertThat(this.usage.authenticationCount(token)).isEqualTo(8);
	}

	@Test
	void entriesCarryEveryColumnWithJsonMetadataAndNulls() {
		long token = issue(ALICE, "columns", "sk", TokenEnvironment.LIVE).id();
		Map<String, Object> metadata = Map.of("endpoint", "/v1/orders", "status", 201, "tags", List.of("a", "b"),
				"request", Map.of("method", "POST", "retry", false));
		AuditRow full = new AuditRow(this.nextId++, token, AuditEvent.AUTHENTICATED, "2001:db8::1", "curl/8.5.0",
				metadata, Instant.parse("2026-11-09T23:59:59.999999Z"));
		AuditRow bare = new AuditRow(this.nextId++, null, AuditEvent.FAILED, null, null, null,
				Instant.parse("2026-11-10T00:00:00Z"));
		this.writer.insert(List.of(full, bare));

		AuditEntry entry = this.usage.lastUse(token).orElseThrow();
		assertThat(entry).isEqualTo(new AuditEntry(full.id(), token, AuditEvent.AUTHENTICATED, "2001:db8::1",
				"curl/8.5.0", metadata, Instant.parse("2026-11-09T23:59:59.999999Z")));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> entry.metadata().put("x", 1));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> ((List<?>) entry.metadata().get("tags")).clear());
		assertThat(this.usage.query().events(AuditEvent.FAILED).list()).containsExactly(new AuditEntry(bare.id(), null,
				AuditEvent.FAILED, null, null, Map.of(), Instant.parse("2026-11-10T00:00:00Z")));
	}

	@Test
	void authenticationsArePagedNewestFirstWithTiesBrokenById() {
		long token = issue(ALICE, "paged", "sk", TokenEnvironment.LIVE).id();
		Instant tie = NOW.minusSeconds(10);
		List<AuditRow> rows = IntStream.range(0, 5)
			.mapToObj(i -> row(token, AuditEvent.AUTHENTICATED, "192.0.2.1",
					(i == 0) ? NOW.minusSeconds(20) : (i == 4) ? NOW : tie))
			.toList();
		this.writer.insert(List.of(rows.get(2), rows.get(4), rows.get(1), rows.get(0), rows.get(3)));

		Page<AuditEntry> first = this.usage.authentications(token, PageRequest.of(0, 2));
		Page<AuditEntry> second = this.usage.authentications(token, PageRequest.of(1, 2));
		Page<AuditEntry> last = this.usage.authentications(token, PageRequest.of(2, 2));

		assertThat(first.getContent()).containsExactly(rows.get(4).toEntry(), rows.get(3).toEntry());
		assertThat(second.getContent()).containsExactly(rows.get(2).toEntry(), rows.get(1).toEntry());
		assertThat(last.getContent()).containsExactly(rows.get(0).toEntry());
		assertThat(first.getTotalElements()).isEqualTo(5);
		assertThat(last.hasNext()).isFalse();
		assertThat(this.usage.firstUse(token)).contains(rows.get(0).toEntry());
		assertThat(this.usage.lastUse(token)).contains(rows.get(4).toEntry());
	}

	// ---- bounds: a flood never comes back whole ----

	@Test
	void everyListStopsAtTheMaximumWhenAFloodHasMoreRows() {
		Token token = issue(ALICE, "flooded", "sk", TokenEnvironment.LIVE);
		List<AuditRow> uses = flood(token.id(), AuditEvent.AUTHENTICATED);
		List<AuditRow> failures = flood(null, AuditEvent.FAILED);
		UsageOracle oracle = new UsageOracle(concat(uses, failures), List.of(token), NOW);
		List<AuditEntry> newestUses = oracle.authentications(token.id());
		List<AuditEntry> newestFailures = oracle.failedAttempts(1);
		assertThat(newestUses).hasSize(FLOOD);

		assertThat(this.usage.recentAuthentications(token.id())).isEqualTo(newestUses.subList(0, MAX));
		assertThat(this.usage.recentAuthentications(token.id(), 30)).isEqualTo(newestUses.subList(0, MAX));
		assertThat(this.usage.query().token(token.id()).events(AuditEvent.AUTHENTICATED).list())
			.isEqualTo(newestUses.subList(0, MAX));
		assertThat(this.usage.query().events(AuditEvent.FAILED).oldestFirst().list())
			.isEqualTo(reversed(newestFailures).subList(0, MAX));
		assertThat(this.usage.usageByIp(token.id())).isEqualTo(oracle.usageByIp(token.id()).subList(0, MAX));
		assertThat(this.usage.suspiciousIps(EnumSet.of(AuditEvent.FAILED), 0, Duration.ofHours(1)))
			.isEqualTo(oracle.suspiciousIps(EnumSet.of(AuditEvent.FAILED), 0, Duration.ofHours(1)).subList(0, MAX));
		Page<AuditEntry> failurePage = this.usage.failedAttempts(PageRequest.of(0, MAX));
		assertThat(failurePage.getContent()).isEqualTo(newestFailures.subList(0, MAX));
		assertThat(failurePage.getTotalElements()).isEqualTo(FLOOD);
	}

	@Test
	void pagingThroughAFloodReturnsEveryRowExactlyOnceInOrder() {
		Token token = issue(ALICE, "flooded", "sk", TokenEnvironment.LIVE);
		List<AuditRow> uses = flood(token.id(), AuditEvent.AUTHENTICATED);
		List<AuditRow> failures = flood(null, AuditEvent.FAILED);
		UsageOracle oracle = new UsageOracle(concat(uses, failures), List.of(token), NOW);
		List<AuditEntry> newestUses = oracle.authentications(token.id());
		List<AuditEntry> newestFailures = oracle.failedAttempts(24);
		assertThat(newestFailures).hasSize(FLOOD).doesNotHaveDuplicates();

		for (int size : List.of(MAX, 333)) {
			assertThat(allPages(pageable -> this.usage.authentications(token.id(), pageable), size))
				.as("page size " + size)
				.isEqualTo(newestUses);
			assertThat(allPages(pageable -> this.usage.recentAuthentications(token.id(), 1, pageable), size))
				.as("page size " + size)
				.isEqualTo(newestUses);
			assertThat(allPages(this.usage::failedAttempts, size)).as("page size " + size).isEqualTo(newestFailures);
			assertThat(allPages(pageable -> this.usage.failedAttempts(2, pageable), size)).as("page size " + size)
				.isEqualTo(newestFailures);
			assertThat(allPages(this.usage.query().events(AuditEvent.FAILED).oldestFirst()::page, size))
				.as("page size " + size)
				.isEqualTo(reversed(newestFailures));
		}
	}

	@Test
	void pageSizesAndLimitsAboveTheMaximumAndUnpagedRequestsAreRefused() {
		long token = issue(ALICE, "bounded", "sk", TokenEnvironment.LIVE).id();
		for (Pageable pageable : List.of(PageRequest.of(0, MAX + 1), PageRequest.of(3, Integer.MAX_VALUE))) {
			for (ThrowingCallable call : pagedCalls(token, pageable)) {
				assertThatIllegalArgumentException().isThrownBy(call)
					.withMessage("pageable page size must be at most " + MAX + " (was " + pageable.getPageSize() + ")");
			}
		}
		for (ThrowingCallable call : pagedCalls(token, Pageable.unpaged())) {
			assertThatIllegalArgumentException().isThrownBy(call)
				.withMessage("pageable must be paged, with a page size of at most " + MAX);
		}
		assertThatIllegalArgumentException().isThrownBy(() -> this.usage.mostActiveTokens(ALICE, MAX + 1))
			.withMessage("limit must be between 1 and " + MAX + " (was " + (MAX + 1) + ")");

		assertThat(this.usage.authentications(token, PageRequest.of(0, MAX))).isEmpty();
		assertThat(this.usage.failedAttempts(PageRequest.of(7, MAX))).isEmpty();
		assertThat(this.usage.mostActiveTokens(ALICE, MAX)).hasSize(1);
	}

	// ---- empty history, unknown tokens, bad arguments ----

	@Test
	void emptyHistoryGivesEmptyResultsAndZeros() {
		long token = issue(ALICE, "unused", "sk", TokenEnvironment.LIVE).id();

		assertThat(this.usage.authenticationCount(token)).isZero();
		assertThat(this.usage.authentications(token, PageRequest.of(0, 10))).isEmpty();
		assertThat(this.usage.authentications(token, PageRequest.of(0, 10)).getTotalElements()).isZero();
		assertThat(this.usage.recentAuthentications(token)).isEmpty();
		assertThat(this.usage.firstUse(token)).isEmpty();
		assertThat(this.usage.lastUse(token)).isEmpty();
		assertThat(this.usage.dailyCounts(token, BERLIN)).hasSize(30).extracting(DailyCount::count).containsOnly(0L);
		assertThat(this.usage.hourlyDistribution(token, BERLIN)).isEqualTo(hours(Map.of()));
		assertThat(this.usage.hourlyDistribution(token, KOLKATA, 7)).isEqualTo(hours(Map.of()));
		assertThat(this.usage.usageByIp(token)).isEmpty();
		assertThat(this.usage.lifecycleEvents(token)).extracting(AuditEntry::event).containsExactly(AuditEvent.CREATED);
		assertThat(this.usage.failedAttempts(PageRequest.of(0, 10))).isEmpty();
		assertThat(this.usage.suspiciousIps()).isEmpty();
		assertThat(this.usage.ownerAuthenticationCount(NOBODY)).isZero();
		assertThat(this.usage.mostActiveTokens(NOBODY)).isEmpty();
		assertThat(this.usage.statistics(NOBODY)).isEqualTo(new UsageStatistics(0, 0, 0, 0, 0,
				Map.of("test", 0L, "live", 0L), Map.of("sk", 0L, "pk", 0L, "rk", 0L)));
		assertThat(this.usage.query().owner(NOBODY).page(PageRequest.of(0, 5))).isEmpty();
	}

	@Test
	void everyPerTokenQueryRejectsAnUnknownToken() {
		long unknown = issue(ALICE, "deleted", "sk", TokenEnvironment.LIVE).id() + 1000;
		List<ThrowingCallable> calls = List.of(() -> this.usage.authentications(unknown, PageRequest.of(0, 5)),
				() -> this.usage.authenticationCount(unknown), () -> this.usage.recentAuthentications(unknown),
				() -> this.usage.recentAuthentications(unknown, 3),
				() -> this.usage.recentAuthentications(unknown, 3, PageRequest.of(0, 5)),
				() -> this.usage.firstUse(unknown), () -> this.usage.lastUse(unknown),
				() -> this.usage.dailyCounts(unknown, UTC), () -> this.usage.dailyCounts(unknown, 3, UTC),
				() -> this.usage.hourlyDistribution(unknown, UTC), () -> this.usage.hourlyDistribution(unknown, UTC, 3),
				() -> this.usage.usageByIp(unknown), () -> this.usage.lifecycleEvents(unknown),
				() -> this.usage.query().token(unknown).count());
		for (ThrowingCallable call : calls) {
			assertThatExceptionOfType(TokenNotFoundException.class).isThrownBy(call)
				.withMessage("No token with id " + unknown);
		}
	}

	@Test
	void daysOutsideOneToAHundredYearsAreRefused() {
		long token = issue(ALICE, "args", "sk", TokenEnvironment.LIVE).id();
		for (int days : new int[] { 0, -1, UsageArguments.MAX_DAYS + 1 }) {
			List<ThrowingCallable> calls = List.of(() -> this.usage.recentAuthentications(token, days),
					() -> this.usage.recentAuthentications(token, days, PageRequest.of(0, 5)),
					() -> this.usage.dailyCounts(token, days, UTC),
					() -> this.usage.hourlyDistribution(token, UTC, days), () -> this.usage.statistics(ALICE, days));
			for (ThrowingCallable call : calls) {
				assertThatIllegalArgumentException().isThrownBy(call)
					.withMessage("days must be between 1 and 36525 (was " + days + ")");
			}
		}
	}

	@Test
	void nonPositiveHoursAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.usage.failedAttempts(0, PageRequest.of(0, 5)))
			.withMessage("hours must be between 1 and 876600 (was 0)");
		assertThatIllegalArgumentException().isThrownBy(() -> this.usage.failedAttempts(-5, PageRequest.of(0, 5)))
			.withMessageStartingWith("hours must be");
	}

	@Test
	void missingZoneIsRefused() {
		long token = issue(ALICE, "args", "sk", TokenEnvironment.LIVE).id();
		assertThatIllegalArgumentException().isThrownBy(() -> this.usage.dailyCounts(token, null))
			.withMessage("zone must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> this.usage.dailyCounts(token, 7, null))
			.withMessage("zone must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> this.usage.hourlyDistribution(token, null))
			.withMessage("zone must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> this.usage.hourlyDistribution(token, null, 7))
			.withMessage("zone must not be null");
	}

	@Test
	void missingOwnerIsRefused() {
		for (ThrowingCallable call : List.<ThrowingCallable>of(() -> this.usage.ownerAuthenticationCount(null),
				() -> this.usage.mostActiveTokens(null), () -> this.usage.mostActiveTokens(null, 5),
				() -> this.usage.statistics(null), () -> this.usage.statistics(null, 7),
				() -> this.usage.query().owner(null))) {
			assertThatIllegalArgumentException().isThrownBy(call).withMessage("owner must not be null");
		}
	}

	@Test
	void limitBelowOneIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.usage.mostActiveTokens(ALICE, 0))
			.withMessage("limit must be between 1 and " + MAX + " (was 0)");
	}

	@Test
	void badSuspiciousIpArgumentsAreRefused() {
		Duration hour = Duration.ofHours(1);
		assertThatIllegalArgumentException().isThrownBy(() -> this.usage.suspiciousIps(Set.of(), 10, hour))
			.withMessageStartingWith("events must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> this.usage.suspiciousIps(null, 10, hour))
			.withMessageStartingWith("events must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> this.usage.suspiciousIps(AuditEvent.FAILURES, -1, hour))
			.withMessage("threshold must not be negative (was -1)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.usage.suspiciousIps(AuditEvent.FAILURES, 10, Duration.ZERO))
			.withMessageStartingWith("window must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.usage.suspiciousIps(AuditEvent.FAILURES, 10, Duration.ofMinutes(-1)))
			.withMessageStartingWith("window must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> this.usage.suspiciousIps(AuditEvent.FAILURES, 10, null))
			.withMessageStartingWith("window must be positive");
	}

	@Test
	void badPageRequestsAreRefused() {
		long token = issue(ALICE, "args", "sk", TokenEnvironment.LIVE).id();
		assertThatIllegalArgumentException().isThrownBy(() -> this.usage.authentications(token, null))
			.withMessageStartingWith("pageable must not be null");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.usage.authentications(token, PageRequest.of(0, 5, Sort.by("ip_address"))))
			.withMessageStartingWith("pageable must not carry a sort");
	}

	@Test
	void badFluentConditionsAreRefused() {
		AuditLogQuery query = this.usage.query();
		assertThatIllegalArgumentException().isThrownBy(() -> query.events()).withMessageStartingWith("events");
		assertThatIllegalArgumentException().isThrownBy(() -> query.events((AuditEvent) null))
			.withMessageStartingWith("events");
		assertThatIllegalArgumentException().isThrownBy(() -> query.after(null))
			.withMessage("instant must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> query.between(null, NOW))
			.withMessage("from must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> query.between(NOW, null))
			.withMessage("to must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> query.between(NOW, NOW.minusSeconds(1)))
			.withMessageStartingWith("from must not be after to");
		assertThatIllegalArgumentException().isThrownBy(() -> query.ipAddress(" "))
			.withMessage("ipAddress must not be blank");
		assertThatIllegalArgumentException().isThrownBy(() -> query.within(Duration.ZERO))
			.withMessageStartingWith("window must be positive");
	}

	// ---- helpers ----

	private History history() {
		List<Token> tokens = new ArrayList<>();
		tokens.add(issue(ALICE, "main", "sk", TokenEnvironment.LIVE));
		tokens.add(issue(ALICE, "widget", "pk", TokenEnvironment.TEST));
		tokens.add(issue(ALICE, "reports", "rk", TokenEnvironment.LIVE));
		tokens.add(issue(ALICE, "pipeline", "ci", TokenEnvironment.TEST));
		tokens.add(this.tokenService.revoke(issue(ALICE, "leaked", "sk", TokenEnvironment.LIVE).id(), "leaked"));
		tokens.add(issue(TEAM, "team live", "sk", TokenEnvironment.LIVE));
		tokens.add(issue(TEAM, "team widget", "pk", TokenEnvironment.LIVE));
		tokens.add(issue(BOB, "bob", "pk", TokenEnvironment.TEST));
		Token unused = issue(ALICE, "unused", "rk", TokenEnvironment.TEST);
		this.jdbc.update("delete from bearer_token_audit_logs");
		List<AuditRow> rows = AuditHistory.generate(20261110L, NOW, tokens.stream().map(Token::id).toList(), 2500,
				this.nextId);
		this.writer.insert(rows);
		this.nextId += rows.size();
		tokens.add(unused);
		return new History(List.copyOf(tokens), rows, new UsageOracle(rows, tokens, NOW));
	}

	private Token issue(TokenOwner owner, String name, String type, TokenEnvironment environment) {
		return this.tokenService
			.issue(IssueTokenRequest.builder(owner, name).type(type).environment(environment).build())
			.token();
	}

	private Token issueExpiring(TokenOwner owner, String name, String type, TokenEnvironment environment,
			Instant expiresAt) {
		return this.tokenService.issue(
				IssueTokenRequest.builder(owner, name).type(type).environment(environment).expiresAt(expiresAt).build())
			.token();
	}

	private static TokenCensus.Count count(String type, TokenEnvironment environment, TokenCensus.State state,
			long tokens) {
		return new TokenCensus.Count(type, environment, state, tokens);
	}

	private List<AuditRow> authenticated(long token, String... instants) {
		return authenticated(token, Arrays.stream(instants).map(Instant::parse).toArray(Instant[]::new));
	}

	private List<AuditRow> authenticated(long token, Instant... instants) {
		List<AuditRow> rows = Arrays.stream(instants)
			.map(at -> row(token, AuditEvent.AUTHENTICATED, "192.0.2.1", at))
			.toList();
		this.writer.insert(rows);
		return rows;
	}

	private AuditRow budgetRow(String ip, long attempts, Instant at) {
		return new AuditRow(this.nextId++, null, AuditEvent.FAILED, ip, "flood",
				Map.of("reason", "budget_exhausted", "attempts", attempts, "window_seconds", 60), at);
	}

	private AuditRow row(Long token, AuditEvent event, String ip, Instant at) {
		return new AuditRow(this.nextId++, token, event, ip, "test-agent", Map.of("endpoint", "/v1/test"), at);
	}

	/**
	 * {@link #FLOOD} rows of {@code event}, each from its own IP, seven to an instant,
	 * the newest at {@code NOW}, written in a shuffled order.
	 */
	private List<AuditRow> flood(Long token, AuditEvent event) {
		List<AuditRow> rows = IntStream.range(0, FLOOD)
			.mapToObj(i -> row(token, event, "10.0." + (i / 256) + "." + (i % 256), NOW.minusSeconds(i / 7)))
			.toList();
		List<AuditRow> shuffled = new ArrayList<>(rows);
		Collections.shuffle(shuffled, new Random(FLOOD));
		this.writer.insert(shuffled);
		return rows;
	}

	private List<ThrowingCallable> pagedCalls(long token, Pageable pageable) {
		return List.of(() -> this.usage.authentications(token, pageable),
				() -> this.usage.recentAuthentications(token, 7, pageable), () -> this.usage.failedAttempts(pageable),
				() -> this.usage.failedAttempts(24, pageable), () -> this.usage.query().page(pageable));
	}

	private static <T> List<T> concat(List<T> first, List<T> second) {
		List<T> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

	private static <T> List<T> reversed(List<T> list) {
		List<T> copy = new ArrayList<>(list);
		Collections.reverse(copy);
		return copy;
	}

	private static <T> List<T> allPages(Function<Pageable, Page<T>> query, int size) {
		List<T> all = new ArrayList<>();
		Page<T> page = query.apply(PageRequest.of(0, size));
		all.addAll(page.getContent());
		while (page.hasNext()) {
			page = query.apply(page.nextPageable());
			assertThat(page.getContent()).isNotEmpty();
			all.addAll(page.getContent());
		}
		assertThat(page.getTotalElements()).isEqualTo(all.size());
		return all;
	}

	private static DailyCount day(String date, long count) {
		return new DailyCount(LocalDate.parse(date), count);
	}

	private static List<HourlyCount> hours(Map<Integer, Long> counts) {
		return IntStream.range(0, 24).mapToObj(hour -> new HourlyCount(hour, counts.getOrDefault(hour, 0L))).toList();
	}

	private static TokenUsage usage(Token token, long count) {
		return new TokenUsage(token.id(), token.name(), token.type(), token.environment(), token.displayPrefix(),
				count);
	}

	private record History(List<Token> tokens, List<AuditRow> rows, UsageOracle oracle) {
	}

}
