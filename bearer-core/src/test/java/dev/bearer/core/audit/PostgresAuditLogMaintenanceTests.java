package dev.bearer.core.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.schema.BearerSchemaMigrator;
import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit log upkeep on PostgreSQL, where the table is partitioned by month: migration V8
 * keeps existing rows and their ids, partitions of upcoming months are created ahead,
 * rows of a month without one land in the default partition, and retention drops whole
 * months.
 */
@OnDatabase(TestDatabase.POSTGRES)
class PostgresAuditLogMaintenanceTests extends AuditLogMaintenanceContractTests {

	@Autowired
	private DataSource dataSource;

	/** Runs the upkeep as of the first day of every month from the oldest row's on. */
	@Override
	protected void partition(Instant oldest) {
		YearMonth current = month(this.now);
		for (YearMonth month = month(oldest); month.isBefore(current); month = month.plusMonths(1)) {
			Instant first = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
			maintenance(null, 1000, Clock.fixed(first, ZoneOffset.UTC)).run();
		}
		assertThat(count(this.schema.auditLogsTable() + "_default")).isZero();
	}

	/** A month's rows stay until the whole month is older than the cutoff. */
	@Override
	protected boolean kept(Instant createdAt, Instant cutoff) {
		return month(createdAt).plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).isAfter(cutoff);
	}

	@Test
	void retentionDropsExactlyThePartitionsOfMonthsOlderThanTheCutoff() {
		YearMonth current = month(this.now);
		partition(this.now.minus(Duration.ofDays(150)));
		Duration retention = Duration.ofDays(62);

		AuditMaintenanceReport report = maintenance(retention, 1000).run();

		YearMonth newestDropped = month(this.now.minus(retention)).minusMonths(1);
		assertThat(report.droppedPartitions()).map(AuditMaintenanceReport.DroppedPartition::name)
			.containsExactlyElementsOf(months(month(this.now.minus(Duration.ofDays(150))), newestDropped).stream()
				.map(this::partitionName)
				.toList());
		assertThat(partitions()).contains(partitionName(newestDropped.plusMonths(1)), partitionName(current),
				partitionName(current.plusMonths(2)));
	}

	@Test
	void partitionsOfUpcomingMonthsAreCreatedAhead() {
		YearMonth later = month(this.now).plusMonths(5);
		Instant then = later.atDay(3).atStartOfDay().toInstant(ZoneOffset.UTC);

		AuditMaintenanceReport report = maintenance(null, 1000, Clock.fixed(then, ZoneOffset.UTC)).run();

		assertThat(report.createdPartitions()).containsExactly(partitionName(later), partitionName(later.plusMonths(1)),
				partitionName(later.plusMonths(2)));
		assertThat(maintenance(null, 1000, Clock.fixed(then, ZoneOffset.UTC)).run().createdPartitions()).isEmpty();
		write(later.plusMonths(2).atDay(28).atStartOfDay().toInstant(ZoneOffset.UTC), "ahead");
		assertThat(partitionOf("ahead")).isEqualTo(partitionName(later.plusMonths(2)));
	}

	@Test
	void rowOfAMonthWithoutPartitionLandsInTheDefaultPartitionUntilItsMonthGetsOne() {
		YearMonth far = month(this.now).plusYears(10);
		Instant then = far.atDay(15).atStartOfDay().toInstant(ZoneOffset.UTC);

		write(then, "far");
		assertThat(partitionOf("far")).isEqualTo(this.schema.auditLogsTable() + "_default");

		maintenance(null, 1000, Clock.fixed(then, ZoneOffset.UTC)).run();
		assertThat(partitionOf("far")).isEqualTo(partitionName(far));
		assertThat(remaining()).containsExactly("far");
	}

	@Test
	void migrationPartitionsExistingRowsKeepingEveryRowAndContinuingTheIds() {
		BearerSchema old = BearerSchema.of(this.dataSource, null,
				"v" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_");
		migrateBeforeV8(old);
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		String table = old.auditLogsTable();
		jdbc.update("insert into " + table + " (event, user_agent, created_at, row_key)"
				+ " select 'authenticated', 'old-' || g, now() - g * interval '9 days', gen_random_uuid()"
				+ " from generate_series(1, 40) g");
		jdbc.update("delete from " + table + " where user_agent = 'old-40'");
		Long lastId = jdbc.queryForObject("select max(id) from " + table, Long.class);
		List<Map<String, Object>> before = jdbc
			.queryForList("select id, user_agent, created_at, row_key from " + table + " order by id");

		new BearerSchemaMigrator(old).migrate();

		assertThat(jdbc.queryForList("select id, user_agent, created_at, row_key from " + table + " order by id"))
			.isEqualTo(before);
		assertThat(jdbc.queryForObject("select count(*) from " + table + "_default", Long.class)).isZero();
		assertThat(jdbc.queryForObject("select count(*) from " + table + " where tableoid::regclass::text <> '" + table
				+ "_p'" + " || to_char(created_at at time zone 'UTC', 'YYYYMM')", Long.class))
			.isZero();
		Long next = jdbc.queryForObject(
				"insert into " + table
						+ " (event, created_at, row_key) values ('created', now(), gen_random_uuid()) returning id",
				Long.class);
		assertThat(next).isEqualTo(lastId + 2);
		assertThat(jdbc.queryForList(
				"select indexname from pg_indexes where schemaname = current_schema()" + " and tablename = ?",
				String.class, table))
			.containsExactlyInAnyOrder(table + "_pkey", old.tablePrefix() + "audit_token_event_time_id_idx",
					old.tablePrefix() + "audit_event_time_idx", old.tablePrefix() + "audit_time_idx",
					old.tablePrefix() + "audit_row_key_idx");
	}

	/** Applies the migrations before V8 to {@code schema}'s tables. */
	private static void migrateBeforeV8(BearerSchema schema) {
		Flyway flyway = configure(schema).load();
		MigrationVersion beforeV8 = Arrays.stream(flyway.info().all())
			.map(MigrationInfo::getVersion)
			.filter(version -> version.isNewerThan(MigrationVersion.fromVersion("0")) && !version.isAtLeast("8"))
			.max(Comparator.naturalOrder())
			.orElseThrow();
		configure(schema).target(beforeV8).load().migrate();
	}

	private static org.flywaydb.core.api.configuration.FluentConfiguration configure(BearerSchema schema) {
		return Flyway.configure()
			.dataSource(schema.dataSource())
			.locations(BearerSchemaMigrator.LOCATION_ROOT + "postgresql")
			.table(schema.historyTable())
			.placeholders(Map.of(BearerSchemaMigrator.TABLE_PREFIX_PLACEHOLDER, schema.tablePrefix()))
			.baselineOnMigrate(true)
			.baselineVersion("0");
	}

	private void write(Instant createdAt, String marker) {
		new JdbcTemplate(this.dataSource).update(
				"insert into " + this.schema.auditLogsTable()
						+ " (event, user_agent, created_at, row_key) values ('authenticated', ?, ?, gen_random_uuid())",
				marker, createdAt.atOffset(ZoneOffset.UTC));
	}

	private String partitionOf(String marker) {
		return new JdbcTemplate(this.dataSource).queryForObject(
				"select tableoid::regclass::text from " + this.schema.auditLogsTable() + " where user_agent = ?",
				String.class, marker);
	}

	private List<String> partitions() {
		return new JdbcTemplate(this.dataSource)
			.queryForList("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid"
					+ " where i.inhparent = to_regclass(?)", String.class, this.schema.auditLogsTable());
	}

	private long count(String table) {
		return new JdbcTemplate(this.dataSource).queryForObject("select count(*) from " + table, Long.class);
	}

	private String partitionName(YearMonth month) {
		return this.schema.auditLogsTable() + "_p" + month.toString().replace("-", "");
	}

	private static List<YearMonth> months(YearMonth first, YearMonth last) {
		List<YearMonth> months = new ArrayList<>();
		for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
			months.add(month);
		}
		return months;
	}

	private static YearMonth month(Instant instant) {
		return YearMonth.from(instant.atOffset(ZoneOffset.UTC));
	}

}
