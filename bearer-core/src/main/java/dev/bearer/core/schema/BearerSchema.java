package dev.bearer.core.schema;

import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Where Bearer's tables live: the data source, the table prefix
 * ({@value #DEFAULT_TABLE_PREFIX} by default) that every Bearer table carries, and the
 * database's {@link BearerDialect}. The platform is detected on first use (so beans can
 * be created before the database is reachable) unless it is given.
 */
public final class BearerSchema {

	/** The table prefix unless one is configured. */
	public static final String DEFAULT_TABLE_PREFIX = "bearer_";

	private static final Pattern TABLE_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}");

	private final DataSource dataSource;

	private final String tablePrefix;

	private final Supplier<DatabasePlatform> platform;

	private final Supplier<BearerDialect> dialect;

	private BearerSchema(DataSource dataSource, DatabasePlatform platform, String tablePrefix) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
		this.tablePrefix = validated(tablePrefix);
		this.platform = (platform != null) ? () -> platform
				: SingletonSupplier.of(() -> DatabasePlatform.detect(dataSource));
		this.dialect = SingletonSupplier.of(() -> BearerDialect.of(this.platform.get()));
	}

	/**
	 * Bearer's tables in {@code dataSource} with the default prefix and a detected
	 * platform.
	 */
	public static BearerSchema of(DataSource dataSource) {
		return new BearerSchema(dataSource, null, DEFAULT_TABLE_PREFIX);
	}

	/**
	 * Bearer's tables in {@code dataSource}.
	 * @param platform the database platform, or {@code null} to detect it from the data
	 * source
	 * @param tablePrefix the prefix of every Bearer table: a letter, then up to 31
	 * letters, digits or underscores
	 * @throws IllegalArgumentException if the prefix is not valid
	 */
	public static BearerSchema of(DataSource dataSource, DatabasePlatform platform, String tablePrefix) {
		return new BearerSchema(dataSource, platform, tablePrefix);
	}

	private static String validated(String tablePrefix) {
		if (tablePrefix == null || !TABLE_PREFIX.matcher(tablePrefix).matches()) {
			throw new IllegalArgumentException("Invalid Bearer table prefix '" + tablePrefix
					+ "': it must start with a letter and hold at most 32 letters, digits or underscores");
		}
		return tablePrefix;
	}

	/** The data source holding the tables. */
	public DataSource dataSource() {
		return this.dataSource;
	}

	/** The prefix every Bearer table carries. */
	public String tablePrefix() {
		return this.tablePrefix;
	}

	/** The database platform, detected on first call unless it was given. */
	public DatabasePlatform platform() {
		return this.platform.get();
	}

	/** The SQL and JDBC details of the platform. */
	public BearerDialect dialect() {
		return this.dialect.get();
	}

	/** The tokens table, e.g. {@code bearer_tokens}. */
	public String tokensTable() {
		return this.tablePrefix + "tokens";
	}

	/** The token groups table, e.g. {@code bearer_token_groups}. */
	public String tokenGroupsTable() {
		return this.tablePrefix + "token_groups";
	}

	/**
	 * The table of token changes that nodes without another channel poll to evict them
	 * from their lookup caches, e.g. {@code bearer_token_changes}.
	 */
	public String tokenChangesTable() {
		return this.tablePrefix + "token_changes";
	}

	/**
	 * The table of group revocations scheduled for a future instant, e.g.
	 * {@code bearer_timed_revocations}.
	 */
	public String timedRevocationsTable() {
		return this.tablePrefix + "timed_revocations";
	}

	/**
	 * The table of expiry warnings sent, one row per key, kind, threshold and deadline,
	 * e.g. {@code bearer_expiry_warnings}.
	 */
	public String expiryWarningsTable() {
		return this.tablePrefix + "expiry_warnings";
	}

	/** The audit log table, e.g. {@code bearer_token_audit_logs}. */
	public String auditLogsTable() {
		return this.tablePrefix + "token_audit_logs";
	}

	/**
	 * The table of rate-limit buckets shared by every node, e.g.
	 * {@code bearer_rate_limit_buckets}.
	 */
	public String rateLimitBucketsTable() {
		return this.tablePrefix + "rate_limit_buckets";
	}

	/**
	 * The table of request rows per token, event and 15-minute UTC bucket, e.g.
	 * {@code bearer_audit_rollup_buckets}.
	 */
	public String rollupBucketsTable() {
		return this.tablePrefix + "audit_rollup_buckets";
	}

	/**
	 * The table of request rows per token, event and UTC hour, e.g.
	 * {@code bearer_audit_rollup_hours}.
	 */
	public String rollupHoursTable() {
		return this.tablePrefix + "audit_rollup_hours";
	}

	/**
	 * The table of authentications per token, IP address and UTC day, e.g.
	 * {@code bearer_audit_rollup_ips}.
	 */
	public String rollupIpsTable() {
		return this.tablePrefix + "audit_rollup_ips";
	}

	/**
	 * The table of all-history request rows per token and event, e.g.
	 * {@code bearer_audit_rollup_totals}.
	 */
	public String rollupTotalsTable() {
		return this.tablePrefix + "audit_rollup_totals";
	}

	/**
	 * The table of all-history authentications per token and IP address, e.g.
	 * {@code bearer_audit_rollup_ip_totals}.
	 */
	public String rollupIpTotalsTable() {
		return this.tablePrefix + "audit_rollup_ip_totals";
	}

	/**
	 * The one-row table holding the audit id up to which the rollups are complete, e.g.
	 * {@code bearer_audit_rollup_mark}.
	 */
	public String rollupMarkTable() {
		return this.tablePrefix + "audit_rollup_mark";
	}

	/**
	 * The table of audit id runs above the mark that the writer has rolled up, e.g.
	 * {@code bearer_audit_rollup_ranges}.
	 */
	public String rollupRangesTable() {
		return this.tablePrefix + "audit_rollup_ranges";
	}

	/**
	 * The Flyway history table of Bearer's migrations, e.g.
	 * {@code bearer_schema_history}.
	 */
	public String historyTable() {
		return this.tablePrefix + "schema_history";
	}

	/**
	 * Completes an SQL template: {@code {tokens}}, {@code {token_groups}},
	 * {@code {token_changes}}, {@code {timed_revocations}}, {@code {expiry_warnings}},
	 * {@code {audit_logs}}, {@code {rollup_buckets}}, {@code {rollup_hours}},
	 * {@code {rollup_ips}}, {@code {rollup_totals}}, {@code {rollup_ip_totals}},
	 * {@code {rollup_mark}} and {@code {rollup_ranges}} become the table names,
	 * {@code {json}} the dialect's JSON parameter.
	 */
	public String sql(String template) {
		String sql = StringUtils.replace(template, "{tokens}", tokensTable());
		sql = StringUtils.replace(sql, "{token_groups}", tokenGroupsTable());
		sql = StringUtils.replace(sql, "{token_changes}", tokenChangesTable());
		sql = StringUtils.replace(sql, "{timed_revocations}", timedRevocationsTable());
		sql = StringUtils.replace(sql, "{expiry_warnings}", expiryWarningsTable());
		sql = StringUtils.replace(sql, "{audit_logs}", auditLogsTable());
		if (sql.contains("{rollup_")) {
			sql = StringUtils.replace(sql, "{rollup_buckets}", rollupBucketsTable());
			sql = StringUtils.replace(sql, "{rollup_hours}", rollupHoursTable());
			sql = StringUtils.replace(sql, "{rollup_ips}", rollupIpsTable());
			sql = StringUtils.replace(sql, "{rollup_totals}", rollupTotalsTable());
			sql = StringUtils.replace(sql, "{rollup_ip_totals}", rollupIpTotalsTable());
			sql = StringUtils.replace(sql, "{rollup_mark}", rollupMarkTable());
			sql = StringUtils.replace(sql, "{rollup_ranges}", rollupRangesTable());
		}
		return sql.contains("{json}") ? StringUtils.replace(sql, "{json}", dialect().jsonParameter()) : sql;
	}

}
