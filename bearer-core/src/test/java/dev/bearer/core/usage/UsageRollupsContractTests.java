package dev.bearer.core.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.bearer.core.CoreTestApplication;
import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.audit.AuditLogMaintenance;
import dev.bearer.core.audit.AuditMaintenanceReport;
import dev.bearer.core.audit.AuditMaintenanceSettings;
import dev.bearer.core.audit.AuditRecord;
import dev.bearer.core.audit.JdbcAuditSink;
import dev.bearer.core.audit.JdbcAuditSinkSettings;
import dev.bearer.core.audit.OverflowPolicy;
import dev.bearer.core.audit.UsageRollups;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.test.MutableClock;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.Token;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The usage rollups against a real database, through the public API only: whether rows
 * arrive through the audit writer, are re-sent, are inserted straight into the table or
 * are restored behind the rollup mark, the rollup-backed queries agree with the raw-row
 * oracle once the writer, the catch-up or a rebuild has run, and no row is counted twice.
 * One short subclass per database runs it.
 */
@SpringBootTest(classes = CoreTestApplication.class)
public abstract class UsageRollupsContractTests {

	private static final Instant NOW = Instant.parse("2026-11-10T09:17:42.123456Z");

	private static final TokenOwner ALICE = TokenOwner.of("user", 1);

	private static final TokenOwner TEAM = TokenOwner.of("team", 7);

	private static final TokenOwner BOB = TokenOwner.of("user", 2);

	private static final List<TokenOwner> OWNERS = List.of(ALICE, TEAM, BOB);

	/** Far above the ids the database generates, so these rows sit above the mark. */
	private static final long HIGH_ID = 90_000_000;

	@Autowired
	private UsageQueryService usage;

	@Autowired
	private TokenService tokenService;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private MutableClock clock;

	@Autowired
	private BearerSchema schema;

	private final List<JdbcAuditSink> sinks = new ArrayList<>();

	private AuditRowWriter writer;

	private UsageRollups rollups;

	@BeforeEach
	void cleanDatabase() {
		RollupTables.clear(this.jdbc);
		this.jdbc.update("delete from bearer_token_audit_logs");
		this.jdbc.update("delete from bearer_tokens");
		this.clock.set(NOW);
		this.writer = new AuditRowWriter(this.jdbc, jsonPlaceholder(), this::timestamp);
		this.rollups = new UsageRollups(this.schema, 300);
	}

	@AfterEach
	void stopSinks() {
		this.sinks.forEach(JdbcAuditSink::stop);
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

	@Test
	void writerBatchesKeepTheRollupsEqualToTheRawRows() {
		Fixture fixture = fixture();
		writeThroughTheWriter(fixture.records());

		assertThat(this.rollups.catchUp()).as("rows the writer left to the catch-up").isZero();
		assertAgree(fixture);
	}

	@Test
	void reSentRowsAreNotCountedTwice() {
		Fixture fixture = fixture();
		List<AuditRecord> records = fixture.records();
		writeThroughTheWriter(records.subList(0, records.size() / 2));
		writeThroughTheWriter(records);

		assertThat(this.jdbc.queryForObject("select count(*) from bearer_token_audit_logs", Long.class))
			.isEqualTo(records.size());
		assertThat(this.rollups.catchUp()).isZero();
		assertAgree(fixture);
	}

	@Test
	void rowsInsertedStraightIntoTheTableAreCountedOnceByTheCatchUp() {
		Fixture fixture = fixture();
		this.writer.insertWithGeneratedIds(fixture.rows());
		assertAgree(fixture);

		assertThat(this.rollups.catchUp()).isEqualTo(counted(fixture.rows()));
		assertThat(this.rollups.catchUp()).isZero();
		assertAgree(fixture);
	}

	@Test
	void writerAndCatchUpNeverCountARowTwiceWhenTheirRowsInterleave() {
		Fixture fixture = fixture();
		List<AuditRow> rows = fixture.rows();
		int quarter = rows.size() / 4;
		List<AuditRow> imported = new ArrayList<>(rows.subList(0, quarter));
		imported.addAll(rows.subList(2 * quarter, 3 * quarter));
		this.writer.insertWithGeneratedIds(rows.subList(0, quarter));
		writeThroughTheWriter(records(rows.subList(quarter, 2 * quarter)));
		this.writer.insertWithGeneratedIds(rows.subList(2 * quarter, 3 * quarter));
		writeThroughTheWriter(records(rows.subList(3 * quarter, rows.size())));
		assertAgree(fixture);

		assertThat(this.rollups.catchUp()).isEqualTo(counted(imported));
		assertAgree(fixture);
	}

	@Test
	void rebuildOfEverythingCountsEveryRowOnceAndLeavesNothingToTheCatchUp() {
		Fixture fixture = fixture();
		List<AuditRow> rows = fixture.rows();
		int half = rows.size() / 2;
		this.writer.insertWithGeneratedIds(rows.subList(0, half));
		writeThroughTheWriter(records(rows.subList(half, rows.size())));

		assertThat(this.rollups.rebuildAll()).isEqualTo(counted(rows));
		assertThat(this.rollups.catchUp()).isZero();
		assertAgree(fixture);
	}

	@Test
	void rebuildOfATokenLeavesItsRowsAboveTheMarkToTheCatchUp() {
		Fixture fixture = fixture();
		long main = fixture.tokenIds().get(0);
		List<AuditRow> rows = fixture.rows();
		int half = rows.size() / 2;
		this.writer.insertWithGeneratedIds(rows.subList(0, half));
		writeThroughTheWriter(records(rows.subList(half, rows.size())));

		Predicate<AuditRow> ofMain = row -> row.tokenId() != null && row.tokenId() == main;
		assertThat(this.rollups.rebuildToken(main))
			.isEqualTo(counted(rows.subList(half, rows.size()).stream().filter(ofMain).toList()));
		assertAgree(fixture);
		assertThat(this.rollups.catchUp()).isEqualTo(counted(rows.subList(0, half)));
		assertAgree(fixture);
	}

	@Test
	void rebuildOfARangeCountsTheRowsRestoredInsideItAndAgreesWithTheOracleEverywhere() {
		Fixture fixture = fixture();
		Instant from = NOW.minus(Duration.ofDays(60)).truncatedTo(ChronoUnit.DAYS);
		Instant to = NOW.minus(Duration.ofDays(20)).truncatedTo(ChronoUnit.DAYS);
		Predicate<AuditRow> inside = row -> !row.createdAt().isBefore(from) && row.createdAt().isBefore(to);
		List<AuditRow> restored = fixture.rows().stream().filter(inside).toList();
		this.writer.insert(fixture.rows().stream().filter(inside.negate()).toList());
		this.rollups.rebuildAll();
		this.writer.insert(restored);
		assertThat(this.rollups.catchUp()).as("restored rows lie behind the mark").isZero();

		assertThat(this.rollups.rebuild(from, to)).isEqualTo(counted(restored)).isPositive();
		assertAgree(fixture);
		assertThat(this.rollups.rebuild(from, to)).as("a second rebuild replaces the first")
			.isEqualTo(counted(restored));
		assertAgree(fixture);
	}

	@Test
	void rebuildAfterRetentionKeepsTheRollupsOfRemovedRowsSoOldDailyCountsStillAnswer() {
		Fixture fixture = fixture();
		writeThroughTheWriter(fixture.records());
		AuditMaintenanceSettings settings = new AuditMaintenanceSettings(Duration.ofDays(100), Duration.ofDays(200),
				Duration.ofHours(1), 1000, Duration.ZERO);
		AuditMaintenanceReport report = new AuditLogMaintenance(this.schema, settings, this.clock).run();
		assertThat(report.deletedRows()
				+ report.droppedPartitions().stream().mapToLong(AuditMaintenanceReport.DroppedPartition::rows).sum())
			.as("raw rows removed by retention")
			.isPositive();
		assertThat(report.deletedRollupRows()).as("rollups removed by the rollup retention").isPositive();
		UsageRollups rollups = new UsageRollups(this.schema, 300, settings, this.clock);
		Instant kept = NOW.minus(Duration.ofDays(100));
		long keptRows = counted(fixture.rows().stream().filter(row -> !row.createdAt().isBefore(kept)).toList());

		assertThat(rollups.rebuildAll()).as("rows of the whole days still kept")
			.isLessThanOrEqualTo(keptRows)
			.isGreaterThan(keptRows - counted(fixture.rows()) / 100);
		for (long id : fixture.tokenIds()) {
			String name = "token " + id;
			assertThat(this.usage.dailyCounts(id, 199, ZoneId.of("UTC"))).as(name)
				.isEqualTo(fixture.oracle().dailyCounts(id, 199, ZoneId.of("UTC")));
			assertThat(this.usage.authenticationCount(id)).as(name).isEqualTo(fixture.oracle().authenticationCount(id));
			assertThat(this.usage.usageByIp(id)).as(name).isEqualTo(fixture.oracle().usageByIp(id));
		}
		assertThat(rollups.rebuild(NOW.minus(Duration.ofDays(180)), NOW.minus(Duration.ofDays(120))))
			.as("a range the retention has removed")
			.isZero();
		assertThat(this.usage.dailyCounts(fixture.tokenIds().get(0), 199, ZoneId.of("UTC")))
			.isEqualTo(fixture.oracle().dailyCounts(fixture.tokenIds().get(0), 199, ZoneId.of("UTC")));
	}

	@Test
	void rowsRestoredBehindTheMarkAreCountedByTheRebuildOfTheirTokenOwnerRangeOrEverything() {
		Fixture live = fixture();
		Token main = live.tokens().get(0);
		Token team = live.tokens().get(5);
		Token bob = live.tokens().get(7);
		List<AuditRow> beyond = List.of(new AuditRow(HIGH_ID, bob.id(), AuditEvent.AUTHENTICATED, "192.0.2.99", null,
				null, NOW.minusSeconds(60)));
		this.writer.insert(beyond);
		assertThat(this.rollups.catchUp()).isOne();
		List<AuditRow> restored = AuditHistory.generate(20261206L, NOW, live.tokenIds(), 1500, 1_000_000);
		this.writer.insert(restored);
		List<AuditRow> all = new ArrayList<>(beyond);
		all.addAll(restored);
		UsageOracle oracle = new UsageOracle(all, live.tokens(), NOW);
		assertThat(this.rollups.catchUp()).as("restored rows lie behind the mark").isZero();
		assertThat(this.usage.authenticationCount(main.id())).isEqualTo(0);

		this.rollups.rebuildToken(main.id());
		assertTokenAgrees(oracle, main.id());
		assertThat(this.usage.authenticationCount(bob.id())).as("another token").isOne();

		this.rollups.rebuildOwner(TEAM.type(), TEAM.id());
		assertTokenAgrees(oracle, team.id());
		assertThat(this.usage.ownerAuthenticationCount(TEAM)).isEqualTo(oracle.ownerAuthenticationCount(TEAM));
		assertThat(this.usage.ownerAuthenticationCount(BOB)).as("another owner").isOne();

		this.rollups.rebuild(NOW.minus(Duration.ofDays(6)), NOW.plusSeconds(1));
		assertThat(this.usage.dailyCounts(bob.id(), 5, ZoneId.of("UTC"))).as("days inside the range")
			.isEqualTo(oracle.dailyCounts(bob.id(), 5, ZoneId.of("UTC")));
		assertThat(this.usage.authenticationCount(bob.id())).as("days outside the range")
			.isLessThan(oracle.authenticationCount(bob.id()));

		assertThat(this.rollups.rebuildAll()).isEqualTo(counted(all));
		assertAgree(new Fixture(live.tokens(), all, oracle));
	}

	private void assertAgree(Fixture fixture) {
		for (long tokenId : fixture.tokenIds()) {
			assertTokenAgrees(fixture.oracle(), tokenId);
		}
		for (TokenOwner owner : OWNERS) {
			String name = owner.toString();
			assertThat(this.usage.ownerAuthenticationCount(owner)).as(name)
				.isEqualTo(fixture.oracle().ownerAuthenticationCount(owner));
			assertThat(this.usage.mostActiveTokens(owner, 100)).as(name)
				.isEqualTo(fixture.oracle().mostActiveTokens(owner, 100));
			for (int days : AuditHistory.DAY_WINDOWS) {
				assertThat(this.usage.statistics(owner, days)).as(name + ", " + days + " days")
					.isEqualTo(fixture.oracle().statistics(owner, days));
			}
		}
	}

	private void assertTokenAgrees(UsageOracle oracle, long id) {
		String name = "token " + id;
		assertThat(this.usage.authenticationCount(id)).as(name).isEqualTo(oracle.authenticationCount(id));
		assertThat(this.usage.usageByIp(id)).as(name).isEqualTo(oracle.usageByIp(id));
		for (ZoneId zone : AuditHistory.ZONES) {
			for (int days : AuditHistory.DAY_WINDOWS) {
				assertThat(this.usage.dailyCounts(id, days, zone)).as(name + " in " + zone + ", " + days + " days")
					.isEqualTo(oracle.dailyCounts(id, days, zone));
			}
			assertThat(this.usage.hourlyDistribution(id, zone)).as(name + " in " + zone)
				.isEqualTo(oracle.hourlyDistribution(id, zone, null));
			for (int days : List.of(1, 7, 250)) {
				assertThat(this.usage.hourlyDistribution(id, zone, days))
					.as(name + " in " + zone + ", " + days + " days")
					.isEqualTo(oracle.hourlyDistribution(id, zone, days));
			}
		}
	}

	private void writeThroughTheWriter(List<AuditRecord> records) {
		JdbcAuditSink sink = new JdbcAuditSink(this.schema,
				new JdbcAuditSinkSettings(records.size() + 1, 500, Duration.ofMillis(10), OverflowPolicy.BLOCK,
						Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(100)));
		this.sinks.add(sink);
		records.forEach(sink::write);
		sink.start();
		assertThat(sink.flush(Duration.ofSeconds(60))).as("the writer settled every row").isTrue();
	}

	private static List<AuditRecord> records(List<AuditRow> rows) {
		return rows.stream()
			.map(row -> new AuditRecord(row.tokenId(), row.event(), row.ipAddress(), row.userAgent(), row.metadata(),
					row.createdAt()))
			.toList();
	}

	private static long counted(List<AuditRow> rows) {
		Predicate<AuditRow> counted = row -> row.tokenId() != null && UsageRollups.EVENTS.contains(row.event());
		return rows.stream().filter(counted).count();
	}

	private Fixture fixture() {
		List<Token> tokens = new ArrayList<>();
		tokens.add(issue(ALICE, "main", "sk", TokenEnvironment.LIVE));
		tokens.add(issue(ALICE, "widget", "pk", TokenEnvironment.TEST));
		tokens.add(issue(ALICE, "reports", "rk", TokenEnvironment.LIVE));
		tokens.add(issue(ALICE, "pipeline", "ci", TokenEnvironment.TEST));
		tokens.add(this.tokenService.revoke(issue(ALICE, "leaked", "sk", TokenEnvironment.LIVE).id(), "leaked"));
		tokens.add(issue(TEAM, "team live", "sk", TokenEnvironment.LIVE));
		tokens.add(issue(TEAM, "team widget", "pk", TokenEnvironment.LIVE));
		tokens.add(issue(BOB, "bob", "pk", TokenEnvironment.TEST));
		this.jdbc.update("delete from bearer_token_audit_logs");
		List<AuditRow> rows = AuditHistory.generate(20261110L, NOW, tokens.stream().map(Token::id).toList(), 1500,
				HIGH_ID + 1);
		return new Fixture(List.copyOf(tokens), rows, new UsageOracle(rows, tokens, NOW));
	}

	private Token issue(TokenOwner owner, String name, String type, TokenEnvironment environment) {
		return this.tokenService
			.issue(IssueTokenRequest.builder(owner, name).type(type).environment(environment).build())
			.token();
	}

	private record Fixture(List<Token> tokens, List<AuditRow> rows, UsageOracle oracle) {

		List<Long> tokenIds() {
			return this.tokens.stream().map(Token::id).toList();
		}

		List<AuditRecord> records() {
			return UsageRollupsContractTests.records(this.rows);
		}

	}

}
