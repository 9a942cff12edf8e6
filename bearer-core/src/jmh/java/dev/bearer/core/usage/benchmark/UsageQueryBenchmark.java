package dev.bearer.core.usage.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.audit.UsageRollups;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.schema.BearerSchemaMigrator;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.usage.UsageQueryService;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Loads a generated audit log (one million rows by default) into a fresh PostgreSQL schema, rebuilds
 * the usage rollups from it (as after an import: the rows arrive by {@code COPY}, not through the
 * audit writer), times every usage query, prints each median and 95th percentile beside the
 * median's ratio to two baselines measured in the same run (a {@code select 1} round trip and a
 * primary-key lookup), prints the plans PostgreSQL used, and
 * drops the schema. Settings come from environment variables: {@code BEARER_BENCH_POSTGRES_URL}
 * (else {@code BEARER_TEST_POSTGRES_URL}, else {@code jdbc:postgresql://127.0.0.1:5432/postgres}),
 * {@code BEARER_BENCH_POSTGRES_USER}, {@code BEARER_BENCH_POSTGRES_PASSWORD}, {@code BEARER_BENCH_ROWS},
 * {@code BEARER_BENCH_RUNS}, {@code BEARER_BENCH_WARMUPS}.
 */
public final class UsageQueryBenchmark {

	private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

	private static final Pattern DURATION = Pattern.compile("duration: ([0-9.]+) ms");

	private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	private static final int TOKENS = 2_000;

	private static final TokenOwner HOT_OWNER = TokenOwner.of("user", 1);

	private final String url;

	private final String user;

	private final String password;

	private final int rows;

	private final int runs;

	private final int warmups;

	private UsageQueryBenchmark(String url, String user, String password, int rows, int runs, int warmups) {
		this.url = url;
		this.user = user;
		this.password = password;
		this.rows = rows;
		this.runs = runs;
		this.warmups = warmups;
	}

	/** Runs the benchmark with the settings from the environment. */
	public static void main(String[] args) throws Exception {
		String url = setting("BEARER_BENCH_POSTGRES_URL",
				setting("BEARER_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"));
		new UsageQueryBenchmark(url, setting("BEARER_BENCH_POSTGRES_USER", setting("BEARER_TEST_POSTGRES_USER", "postgres")),
				setting("BEARER_BENCH_POSTGRES_PASSWORD", ""), Integer.parseInt(setting("BEARER_BENCH_ROWS", "1000000")),
				Integer.parseInt(setting("BEARER_BENCH_RUNS", "15")), Integer.parseInt(setting("BEARER_BENCH_WARMUPS", "3")))
			.run();
	}

	private void run() throws Exception {
		String schema = "bearer_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		execute("create schema " + schema);
		try {
			String schemaUrl = this.url + (this.url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
			PlanCapturingDataSource dataSource = new PlanCapturingDataSource(schemaUrl, this.user, this.password);
			try {
				benchmark(dataSource);
			}
			finally {
				dataSource.destroy();
			}
		}
		finally {
			execute("drop schema " + schema + " cascade");
			System.out.println("Dropped schema " + schema);
		}
	}

	private void benchmark(PlanCapturingDataSource dataSource) throws Exception {
		new BearerSchemaMigrator(BearerSchema.of(dataSource)).migrate();
		long loadStart = System.nanoTime();
		try (Connection connection = dataSource.getConnection()) {
			new AuditLogGenerator(NOW, TOKENS).load(connection, this.rows);
			try (Statement statement = connection.createStatement()) {
				statement.execute("vacuum analyze bearer_tokens");
				statement.execute("vacuum analyze bearer_token_audit_logs");
			}
		}
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		describe(jdbc, Duration.ofNanos(System.nanoTime() - loadStart));
		long rebuildStart = System.nanoTime();
		long counted = new UsageRollups(BearerSchema.of(dataSource)).rebuildAll();
		long rebuildMillis = Duration.ofNanos(System.nanoTime() - rebuildStart).toMillis();
		jdbc.execute("vacuum analyze bearer_audit_rollup_buckets");
		jdbc.execute("vacuum analyze bearer_audit_rollup_hours");
		jdbc.execute("vacuum analyze bearer_audit_rollup_ips");
		System.out.printf("Rollups rebuilt from the copied rows in %.1f s: %d rows counted, %d bucket rows, %d hour rows, "
				+ "%d IP-day rows, tables %s%n", rebuildMillis / 1000.0, counted,
				jdbc.queryForObject("select count(*) from bearer_audit_rollup_buckets", Long.class),
				jdbc.queryForObject("select count(*) from bearer_audit_rollup_hours", Long.class),
				jdbc.queryForObject("select count(*) from bearer_audit_rollup_ips", Long.class),
				jdbc.queryForObject("select pg_size_pretty(pg_total_relation_size('bearer_audit_rollup_buckets') "
						+ "+ pg_total_relation_size('bearer_audit_rollup_hours') "
						+ "+ pg_total_relation_size('bearer_audit_rollup_ips'))", String.class));
		UsageQueryService usage = new UsageQueryService(BearerSchema.of(dataSource), Clock.fixed(NOW, ZoneOffset.UTC));
		long pkId = jdbc.queryForObject("select max(id) / 2 from bearer_token_audit_logs", Long.class);

		Map<String, Supplier<Object>> baselines = new LinkedHashMap<>();
		baselines.put("select 1 (round trip)", () -> jdbc.queryForObject("select 1", Integer.class));
		baselines.put("audit row by primary key", () -> jdbc
			.queryForMap("select id, token_id, event, created_at from bearer_token_audit_logs where id = ?", pkId));
		Map<String, Supplier<Object>> queries = queries(usage);

		Map<String, Timing> baselineTimings = new LinkedHashMap<>();
		baselines.forEach((name, query) -> baselineTimings.put(name, time(query)));
		double roundTrip = baselineTimings.get("select 1 (round trip)").median();
		double primaryKey = baselineTimings.get("audit row by primary key").median();
		System.out.printf("%nMedian and 95th percentile of %d runs after %d warm-up runs, in milliseconds%n%n",
				this.runs, this.warmups);
		System.out.printf("| %-62s | %9s | %9s | %8s | %11s | %10s |%n", "query", "median ms", "p95 ms", "results",
				"x select 1", "x pk lookup");
		System.out.printf("|%s|%s|%s|%s|%s|%s|%n", "-".repeat(64), "-".repeat(11), "-".repeat(11), "-".repeat(10),
				"-".repeat(13), "-".repeat(12));
		baselines.forEach((name, query) -> report(name, query, baselineTimings.get(name), roundTrip, primaryKey));
		queries.forEach((name, query) -> report(name, query, time(query), roundTrip, primaryKey));

		explain(dataSource, jdbc, queries);
	}

	private Map<String, Supplier<Object>> queries(UsageQueryService usage) {
		long hot = AuditLogGenerator.HOT_TOKEN;
		long typical = AuditLogGenerator.TYPICAL_TOKEN;
		Map<String, Supplier<Object>> queries = new LinkedHashMap<>();
		queries.put("authentications(hot, page 0 of 20)", () -> usage.authentications(hot, PageRequest.of(0, 20)));
		queries.put("authentications(hot, page 100 of 20)", () -> usage.authentications(hot, PageRequest.of(100, 20)));
		queries.put("authenticationCount(hot)", () -> usage.authenticationCount(hot));
		queries.put("authenticationCount(typical)", () -> usage.authenticationCount(typical));
		queries.put("recentAuthentications(hot) [7 days]", () -> usage.recentAuthentications(hot));
		queries.put("recentAuthentications(typical) [7 days]", () -> usage.recentAuthentications(typical));
		queries.put("firstUse(hot)", () -> usage.firstUse(hot));
		queries.put("lastUse(hot)", () -> usage.lastUse(hot));
		queries.put("dailyCounts(hot, Europe/Berlin) [30 days]", () -> usage.dailyCounts(hot, BERLIN));
		queries.put("dailyCounts(hot, 365, Europe/Berlin)", () -> usage.dailyCounts(hot, 365, BERLIN));
		queries.put("dailyCounts(typical, Europe/Berlin) [30 days]", () -> usage.dailyCounts(typical, BERLIN));
		queries.put("hourlyDistribution(hot, Europe/Berlin) [all history]", () -> usage.hourlyDistribution(hot, BERLIN));
		queries.put("hourlyDistribution(typical, Europe/Berlin) [all history]",
				() -> usage.hourlyDistribution(typical, BERLIN));
		queries.put("usageByIp(hot)", () -> usage.usageByIp(hot));
		queries.put("usageByIp(typical)", () -> usage.usageByIp(typical));
		queries.put("lifecycleEvents(typical)", () -> usage.lifecycleEvents(typical));
		queries.put("ownerAuthenticationCount(owner of hot)", () -> usage.ownerAuthenticationCount(HOT_OWNER));
		queries.put("mostActiveTokens(owner of hot)", () -> usage.mostActiveTokens(HOT_OWNER));
		queries.put("statistics(owner of hot) [30 days]", () -> usage.statistics(HOT_OWNER));
		queries.put("failedAttempts(page 0 of 1000) [24 hours]",
				() -> usage.failedAttempts(PageRequest.of(0, UsageQueryService.MAX_PAGE_SIZE)));
		queries.put("failedAttempts(24, page 0 of 50)", () -> usage.failedAttempts(24, PageRequest.of(0, 50)));
		queries.put("suspiciousIps() [>10 failed/ip_blocked in 1 hour]", () -> usage.suspiciousIps());
		queries.put("query().owner(owner of hot).events(IP_BLOCKED).within(7 days).page(0, 50)",
				() -> usage.query().owner(HOT_OWNER).events(AuditEvent.IP_BLOCKED).within(Duration.ofDays(7))
					.page(PageRequest.of(0, 50)));
		return queries;
	}

	private Timing time(Supplier<Object> query) {
		for (int i = 0; i < this.warmups; i++) {
			query.get();
		}
		long[] nanos = new long[this.runs];
		for (int i = 0; i < this.runs; i++) {
			long start = System.nanoTime();
			query.get();
			nanos[i] = System.nanoTime() - start;
		}
		Arrays.sort(nanos);
		long middle = (this.runs % 2 == 1) ? nanos[this.runs / 2] : (nanos[this.runs / 2 - 1] + nanos[this.runs / 2]) / 2;
		long p95 = nanos[(int) Math.ceil(this.runs * 0.95) - 1];
		return new Timing(middle / 1_000_000.0, p95 / 1_000_000.0);
	}

	private static void report(String name, Supplier<Object> query, Timing timing, double roundTrip,
			double primaryKey) {
		System.out.printf("| %-62s | %9.3f | %9.3f | %8s | %11.1f | %10.1f |%n", name, timing.median(), timing.p95(),
				size(query.get()), timing.median() / roundTrip, timing.median() / primaryKey);
	}

	private static String size(Object result) {
		if (result instanceof Page<?> page) {
			return page.getNumberOfElements() + "/" + page.getTotalElements();
		}
		if (result instanceof Collection<?> collection) {
			return Integer.toString(collection.size());
		}
		if (result instanceof Optional<?> optional) {
			return optional.isPresent() ? "1" : "0";
		}
		return (result instanceof Number number) ? number.toString() : "1";
	}

	/**
	 * Runs every query {@code runs} times with {@code auto_explain}: prints the median and
	 * 95th percentile of the PostgreSQL execution time of its statements (the sum of
	 * their durations per call, without the time spent waiting for a core between them)
	 * and the plans of the last call.
	 */
	private void explain(PlanCapturingDataSource dataSource, JdbcTemplate jdbc,
			Map<String, Supplier<Object>> queries) {
		jdbc.execute("load 'auto_explain'");
		jdbc.execute("set auto_explain.log_min_duration = 0");
		jdbc.execute("set auto_explain.log_analyze = on");
		jdbc.execute("set auto_explain.log_buffers = on");
		jdbc.execute("set auto_explain.log_timing = off");
		jdbc.execute("set auto_explain.log_level = notice");
		Map<String, double[]> sqlTimes = new LinkedHashMap<>();
		System.out.printf("%nPlans (auto_explain, analyze, buffers) of the statements each query ran%n");
		queries.forEach((name, query) -> {
			double[] millis = new double[this.runs];
			List<String> plans = List.of();
			for (int i = 0; i < this.runs; i++) {
				plans = dataSource.capture(query::get);
				millis[i] = plans.stream().mapToDouble(UsageQueryBenchmark::duration).sum();
			}
			Arrays.sort(millis);
			sqlTimes.put(name, millis);
			System.out.printf("%n==== %s%n", name);
			plans.forEach(plan -> System.out.println(plan.strip() + "\n"));
		});
		jdbc.execute("set auto_explain.log_min_duration = -1");
		System.out.printf("%nPostgreSQL execution time of each query's statements, %d calls, in milliseconds%n%n",
				this.runs);
		System.out.printf("| %-62s | %9s | %9s |%n", "query", "SQL med", "SQL p95");
		System.out.printf("|%s|%s|%s|%n", "-".repeat(64), "-".repeat(11), "-".repeat(11));
		sqlTimes.forEach((name, millis) -> System.out.printf("| %-62s | %9.3f | %9.3f |%n", name,
				(millis.length % 2 == 1) ? millis[millis.length / 2]
						: (millis[millis.length / 2 - 1] + millis[millis.length / 2]) / 2,
				millis[(int) Math.ceil(millis.length * 0.95) - 1]));
	}

	/** The {@code duration: 1.234 ms} of an {@code auto_explain} message. */
	private static double duration(String plan) {
		Matcher matcher = DURATION.matcher(plan);
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
	}

	private static void describe(JdbcTemplate jdbc, Duration load) {
		System.out.printf("PostgreSQL: %s%n", jdbc.queryForObject("select version()", String.class));
		System.out.printf("JVM: %s %s; %d processors; %s %s%n", System.getProperty("java.vm.name"),
				System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
				System.getProperty("os.name"), System.getProperty("os.arch"));
		System.out.printf("Loaded in %d s: %d tokens, %d audit rows (%d of the hot token, %d authentications), "
				+ "table %s, indexes %s%n", load.toSeconds(),
				jdbc.queryForObject("select count(*) from bearer_tokens", Long.class),
				jdbc.queryForObject("select count(*) from bearer_token_audit_logs", Long.class),
				jdbc.queryForObject("select count(*) from bearer_token_audit_logs where token_id = ?", Long.class,
						AuditLogGenerator.HOT_TOKEN),
				jdbc.queryForObject("select count(*) from bearer_token_audit_logs where token_id = ? and event = ?",
						Long.class, AuditLogGenerator.HOT_TOKEN, AuditEvent.AUTHENTICATED.code()),
				jdbc.queryForObject("select pg_size_pretty(pg_table_size('bearer_token_audit_logs'))", String.class),
				jdbc.queryForObject("select pg_size_pretty(pg_indexes_size('bearer_token_audit_logs'))", String.class));
	}

	private void execute(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.url, this.user, this.password);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private record Timing(double median, double p95) {
	}

	private static String setting(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
