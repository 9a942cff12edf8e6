package dev.bearer.core.usage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import dev.bearer.core.schema.DatabaseVendor;

import org.springframework.jdbc.core.SqlTypeValue;

/**
 * The few SQL and JDBC details that differ between the supported databases: how to turn
 * {@code created_at} into UTC epoch seconds, integer division, byte-order sorting of text, and how
 * to bind and read an {@link Instant} (through {@link DatabaseVendor}) so that it means UTC whatever
 * the JVM or session zone.
 */
enum UsageDialect {

	/** H2 ({@code timestamp with time zone}). */
	H2(DatabaseVendor.H2, "cast(floor(extract(epoch from created_at)) as bigint)", "(%s) / %d", "%s"),

	/** PostgreSQL ({@code timestamptz}). */
	POSTGRESQL(DatabaseVendor.POSTGRESQL, "cast(floor(extract(epoch from created_at)) as bigint)", "(%s) / %d",
			"%s collate \"C\""),

	/**
	 * MariaDB and MySQL ({@code datetime(6)} holding UTC wall-clock time); {@code div} because
	 * {@code /} is decimal.
	 */
	MYSQL(DatabaseVendor.MYSQL, "timestampdiff(second, '1970-01-01 00:00:00', created_at)", "(%s) div %d",
			"cast(%s as binary)");

	private final DatabaseVendor vendor;

	private final String epochSeconds;

	private final String quotient;

	private final String byteOrder;

	UsageDialect(DatabaseVendor vendor, String epochSeconds, String quotient, String byteOrder) {
		this.vendor = vendor;
		this.epochSeconds = epochSeconds;
		this.quotient = quotient;
		this.byteOrder = byteOrder;
	}

	/** The dialect of a database vendor. */
	static UsageDialect of(DatabaseVendor vendor) {
		return switch (vendor) {
			case H2 -> H2;
			case POSTGRESQL -> POSTGRESQL;
			case MYSQL -> MYSQL;
		};
	}

	/** An integer expression: whole UTC seconds since the epoch of {@code created_at}, independent of any session zone. */
	String epochSeconds() {
		return this.epochSeconds;
	}

	/** The integer quotient of a non-negative integer expression and a positive divisor. */
	String quotient(String dividend, int divisor) {
		return this.quotient.formatted(dividend, divisor);
	}

	/** {@code column} as a sort key that orders ASCII text by code point, whatever the column's collation. */
	String byteOrder(String column) {
		return this.byteOrder.formatted(column);
	}

	/** A bind value that stores or compares {@code instant} as the UTC instant it is. */
	SqlTypeValue parameter(Instant instant) {
		return (statement, index, sqlType, typeName) -> this.vendor.bindInstant(statement, index, instant);
	}

	/** Reads an instant written by {@link #parameter(Instant)} (or by Hibernate), or {@code null}. */
	Instant readInstant(ResultSet resultSet, String column) throws SQLException {
		return this.vendor.readInstant(resultSet, resultSet.findColumn(column));
	}

}
