package dev.bearer.core.schema;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.SqlTypeValue;

/**
 * Everything in Bearer's SQL and JDBC that differs between databases, one subclass per
 * vendor. Internal to Bearer's stores and queries: obtained from
 * {@link BearerSchema#dialect()}, not an extension point.
 */
public abstract sealed class BearerDialect permits H2Dialect, PostgresDialect, MySqlDialect {

	/** The dialect of {@code platform}. */
	public static BearerDialect of(DatabasePlatform platform) {
		return switch (platform) {
			case H2 -> new H2Dialect();
			case POSTGRESQL -> new PostgresDialect();
			case MYSQL, MARIADB -> new MySqlDialect();
		};
	}

	/**
	 * The migration folder under {@link BearerSchemaMigrator#LOCATION_ROOT}: {@code h2},
	 * {@code postgresql} or {@code mysql}.
	 */
	public abstract String migrationFolder();

	/**
	 * The SQL for one positional parameter bound with a JSON text and stored in a JSON
	 * column.
	 */
	public abstract String jsonParameter();

	/**
	 * Binds {@code instant} (or SQL {@code null}) so the database stores it as UTC
	 * whatever the JVM's or the session's zone; by default as a UTC
	 * {@link OffsetDateTime} into a {@code timestamp with time zone} column.
	 */
	public void bindInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
		statement.setObject(index, (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null);
	}

	/** Reads a timestamp column written by {@link #bindInstant}, or {@code null}. */
	public Instant readInstant(ResultSet resultSet, int index) throws SQLException {
		OffsetDateTime value = resultSet.getObject(index, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	/** Reads the timestamp column {@code column}, or {@code null}. */
	public Instant readInstant(ResultSet resultSet, String column) throws SQLException {
		return readInstant(resultSet, resultSet.findColumn(column));
	}

	/**
	 * A named-parameter value that stores or compares {@code instant} as the UTC instant
	 * it is.
	 */
	public SqlTypeValue instantParameter(Instant instant) {
		return (statement, index, sqlType, typeName) -> bindInstant(statement, index, instant);
	}

	/**
	 * An integer expression: whole UTC seconds since the epoch of the timestamp
	 * {@code column}, independent of any session zone; by default through SQL's
	 * {@code extract(epoch from …)}.
	 */
	public String epochSeconds(String column) {
		return "cast(floor(extract(epoch from " + column + ")) as bigint)";
	}

	/**
	 * The integer quotient of a non-negative integer expression and a positive divisor.
	 */
	public String quotient(String dividend, int divisor) {
		return "(" + dividend + ") / " + divisor;
	}

	/**
	 * {@code column} as a sort key that orders ASCII text by code point, whatever the
	 * column's collation.
	 */
	public abstract String byteOrder(String column);

	/**
	 * An insert of {@code values} into {@code columns} of {@code table} that writes
	 * nothing when a row with the same values in {@code key} is already there.
	 * @param key the columns, comma-separated, of a unique index of the table
	 */
	public abstract String insertUnlessPresent(String table, String columns, String values, String key);

	/**
	 * An insert of many rows at once, one array parameter per column (of the SQL array
	 * types {@code arrayTypes}, a {@code jsonb} column's array given as text), that skips
	 * a row whose {@code key} is already stored and returns the id and key of every row
	 * it inserted; empty where the database has none, and rows go in as a JDBC batch.
	 */
	public Optional<String> insertArraysUnlessPresent(String table, List<String> columns, List<String> arrayTypes,
			String key) {
		return Optional.empty();
	}

	/**
	 * A delete of at most {@code limit} rows of {@code table} whose timestamp
	 * {@code column} is before the statement's one parameter (bound with
	 * {@link #bindInstant}). On PostgreSQL the table must not be partitioned (a partition
	 * is a table that is not).
	 */
	public abstract String deleteBefore(String table, String column, int limit);

	/**
	 * The SQL that keeps the audit log table partitioned by month, or empty where the
	 * table is not partitioned (PostgreSQL partitions it; H2, MySQL and MariaDB do not).
	 */
	public Optional<MonthlyPartitionSql> monthlyPartitions() {
		return Optional.empty();
	}

	/**
	 * An insert of one row into {@code table} that, when a row with the same
	 * {@code keyColumns} is already there, adds the new row's {@code countColumn} to it
	 * instead. Parameters: the key columns in order, then the count.
	 * @param keyTypes the SQL type of each key column, in order
	 */
	public abstract String addingUpsert(String table, List<String> keyColumns, List<String> keyTypes,
			String countColumn);

	/**
	 * An insert of the rows of {@code select} into {@code table} that, for a row whose
	 * {@code keyColumns} match a row already there, adds its {@code countColumn} to that
	 * row instead. {@code select} yields the key columns in order, then the count, under
	 * the same names, one row per key.
	 */
	public abstract String addingUpsertSelect(String table, List<String> keyColumns, String countColumn, String select);

	/**
	 * A delete of at most {@code limit} rows of {@code table} matching {@code condition},
	 * in no particular order (for tables without an index on the condition's column).
	 */
	public abstract String deleteSome(String table, String condition, int limit);

	/**
	 * Binds {@code uuid} (or SQL {@code null}) into a key column; by default as a
	 * {@link UUID} into a {@code uuid} column.
	 */
	public void bindUuid(PreparedStatement statement, int index, UUID uuid) throws SQLException {
		statement.setObject(index, uuid);
	}

	/**
	 * Reads a key column written by {@link #bindUuid}, or {@code null}; by default as a
	 * {@link UUID}.
	 */
	public UUID readUuid(ResultSet resultSet, int index) throws SQLException {
		return resultSet.getObject(index, UUID.class);
	}

	/**
	 * A numeric expression: the top-level whole number {@code field} of the JSON column
	 * {@code column}, or {@code null} when it has none.
	 * @param field a lowercase name of letters and underscores (it is written into the
	 * SQL)
	 */
	public final String jsonInteger(String column, String field) {
		if (!field.matches("[a-z_]+")) {
			throw new IllegalArgumentException("Not a JSON field name Bearer queries: " + field);
		}
		return jsonIntegerOf(column, field);
	}

	/** {@link #jsonInteger} for a field name already checked. */
	protected abstract String jsonIntegerOf(String column, String field);

}
