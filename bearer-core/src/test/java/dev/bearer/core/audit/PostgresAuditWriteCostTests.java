package dev.bearer.core.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import java.util.function.Consumer;

import javax.sql.DataSource;

import dev.bearer.core.CoreTestApplication;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a batch of the audit writer reads on PostgreSQL: the rows of its own id range,
 * however large the table and whatever plan PostgreSQL caches. A partition that has not
 * been analysed since it filled up (a new month's partition under load, say) once made
 * the generic plan of the writer's per-batch count read the whole event index, so every
 * batch cost more the larger the table grew.
 */
@OnDatabase(TestDatabase.POSTGRES)
@SpringBootTest(classes = CoreTestApplication.class)
class PostgresAuditWriteCostTests {

	/** In a month of its own, so no other test reads or writes the partition. */
	private static final Instant T0 = Instant.parse("2031-07-10T08:15:30.250Z");

	private static final int HISTORY = 100_000;

	private static final int BATCH = 500;

	private static final int BATCHES = 5;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TokenService tokenService;

	private long tokenId;

	private String partition;

	@BeforeEach
	void historyInAPartitionWithStaleStatistics() {
		BearerSchema schema = BearerSchema.of(this.dataSource);
		new MonthlyAuditPartitions(schema, schema.dialect().monthlyPartitions().orElseThrow())
			.createThrough(YearMonth.of(2031, 7), YearMonth.of(2031, 7));
		this.tokenId = this.tokenService
			.issue(IssueTokenRequest.builder(TokenOwner.of("user", 42), "write cost").build())
			.token()
			.id();
		onOwnConnection(false, (connection) -> {
			JdbcTemplate jdbc = new JdbcTemplate(connection);
			jdbc.update(HISTORY_ROWS, this.tokenId, "created", T0.toString(), 1000);
			this.partition = jdbc.queryForObject("select tableoid::regclass::text from bearer_token_audit_logs "
					+ "where created_at >= ?::timestamptz limit 1", String.class, T0.toString());
			jdbc.execute("alter table " + this.partition + " set (autovacuum_enabled = false)");
			jdbc.execute("analyze " + this.partition);
			jdbc.update("delete from " + this.partition);
			jdbc.update(HISTORY_ROWS, this.tokenId, "authenticated", T0.toString(), HISTORY);
			new UsageRollups(BearerSchema.of(connection)).catchUp();
		});
		awaitInserted(HISTORY + 1000);
	}

	@AfterEach
	void dropHistory() {
		this.jdbc.execute("alter table " + this.partition + " reset (autovacuum_enabled)");
		this.jdbc.update("delete from " + this.partition);
	}

	@Test
	void batchReadsOnlyItsOwnRowsWhateverTheTableHoldsAndThePlanCached() {
		Reads before = reads();

		onOwnConnection(true, (connection) -> {
			JdbcAuditSink sink = new JdbcAuditSink(BearerSchema.of(connection),
					new JdbcAuditSinkSettings(10_000, BATCH, Duration.ofMillis(50), OverflowPolicy.DROP,
							Duration.ofMillis(50), Duration.ofSeconds(10), Duration.ofMillis(100)));
			sink.start();
			for (int batch = 0; batch < BATCHES; batch++) {
				for (int i = 0; i < BATCH; i++) {
					sink.write(new AuditRecord(this.tokenId, AuditEvent.AUTHENTICATED, "192.0.2.1", "agent",
							Map.of("n", i), T0.plusSeconds(3600 + batch).plusMillis(i)));
				}
				sink.flush(Duration.ofSeconds(30));
			}
			sink.stop();
		});
		awaitInserted(before.inserted() + BATCHES * BATCH);

		Reads after = reads();
		assertThat(this.jdbc.queryForObject("select count(*) from " + this.partition, Long.class))
			.isEqualTo(HISTORY + BATCHES * BATCH);
		assertThat(after.sequentialTuples() - before.sequentialTuples()).as("rows read by sequential scans").isZero();
		assertThat(after.indexTuples() - before.indexTuples()).as("index entries read writing %d rows", BATCHES * BATCH)
			.isLessThan(3L * BATCHES * BATCH);
	}

	private static final String HISTORY_ROWS = "insert into bearer_token_audit_logs (row_key, token_id, event, "
			+ "created_at) select gen_random_uuid(), ?, ?, ?::timestamptz + n * interval '1 millisecond' "
			+ "from generate_series(1, ?) n";

	/**
	 * Runs {@code work} on a connection of its own, generic plans only when
	 * {@code genericPlans} (as a long-lived pool connection's become), and closes it: a
	 * backend that ends reports its statistics at once.
	 */
	private void onOwnConnection(boolean genericPlans, Consumer<DataSource> work) {
		Map<String, Object> properties = TestDatabase.POSTGRES.dataSourceProperties();
		SingleConnectionDataSource connection = new SingleConnectionDataSource(
				(String) properties.get("spring.datasource.url"), (String) properties.get("spring.datasource.username"),
				(String) properties.get("spring.datasource.password"), true);
		try {
			if (genericPlans) {
				new JdbcTemplate(connection).execute("set plan_cache_mode = force_generic_plan");
			}
			work.accept(connection);
		}
		finally {
			connection.destroy();
		}
	}

	/** Waits until the statistics show {@code rows} inserted into the partition. */
	private void awaitInserted(long rows) {
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> reads().inserted() >= rows);
	}

	private Reads reads() {
		return this.jdbc.queryForObject("select t.n_tup_ins, coalesce(t.seq_tup_read, 0), "
				+ "(select coalesce(sum(i.idx_tup_read), 0) from pg_stat_user_indexes i where i.relid = t.relid) "
				+ "from pg_stat_user_tables t where t.relid = ?::regclass",
				(resultSet, row) -> new Reads(resultSet.getLong(1), resultSet.getLong(2), resultSet.getLong(3)),
				this.partition);
	}

	private record Reads(long inserted, long sequentialTuples, long indexTuples) {
	}

}
