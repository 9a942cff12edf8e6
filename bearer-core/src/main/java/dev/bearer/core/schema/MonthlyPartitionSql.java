package dev.bearer.core.schema;

import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL's SQL for a table partitioned by range of {@code created_at}, one partition
 * per UTC month named {@code
 *
<table>
 * _pYYYYMM}, plus a default partition {@code
 *
<table>
 * _default} that takes rows of any month without one (migration {@code V8} sets the audit
 * log table up so). Obtained from {@link BearerDialect#monthlyPartitions()}.
 */
public final class MonthlyPartitionSql {

	private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMM");

	private static final DateTimeFormatter BOUND = DateTimeFormatter.ofPattern("yyyy-MM-dd' 00:00:00+00'");

	MonthlyPartitionSql() {
	}

	/**
	 * A statement that makes each later statement of the transaction that waits for a
	 * lock give up after 10 s, rather than hold up every insert queued behind it while a
	 * long query reads the table.
	 */
	public String lockTimeout() {
		return "set local lock_timeout = '10s'";
	}

	/**
	 * A query that takes a transaction-level advisory lock named by its one parameter
	 * (the table), which every node takes before it changes the table's partitions.
	 */
	public String lock() {
		return "select pg_advisory_xact_lock(hashtext(current_schema() || '.' || ?))";
	}

	/**
	 * A query of the names of every partition of the table named by its one parameter.
	 */
	public String partitions() {
		return "select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid"
				+ " where i.inhparent = to_regclass(?)";
	}

	/** The name of {@code table}'s partition of {@code month}. */
	public String partition(String table, YearMonth month) {
		return table + "_p" + SUFFIX.format(month);
	}

	/**
	 * The month of {@code table}'s partition {@code partition}, or empty when it is none.
	 */
	public Optional<YearMonth> month(String table, String partition) {
		String prefix = table + "_p";
		if (!partition.startsWith(prefix) || partition.length() != prefix.length() + 6) {
			return Optional.empty();
		}
		try {
			return Optional.of(YearMonth.parse(partition.substring(prefix.length()), SUFFIX));
		}
		catch (DateTimeParseException ex) {
			return Optional.empty();
		}
	}

	/** The name of {@code table}'s default partition. */
	public String defaultPartition(String table) {
		return table + "_default";
	}

	/**
	 * Statements that add {@code table}'s partition of {@code month}, moving the month's
	 * rows out of the default partition first (a partition whose rows sit in the default
	 * partition cannot be added).
	 */
	public List<String> create(String table, YearMonth month) {
		String partition = partition(table, month);
		String from = "'" + BOUND.format(month.atDay(1)) + "'";
		String to = "'" + BOUND.format(month.plusMonths(1).atDay(1)) + "'";
		return List.of("create table " + partition + " (like " + table + " including defaults)",
				"with moved as (delete from " + defaultPartition(table) + " where created_at >= " + from
						+ " and created_at < " + to + " returning *) insert into " + partition + " select * from moved",
				"alter table " + table + " attach partition " + partition + " for values from (" + from + ") to (" + to
						+ ")");
	}

	/** A statement that drops the partition {@code partition} with its rows. */
	public String drop(String partition) {
		return "drop table " + partition;
	}

}
