package dev.bearer.core.usage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.TimeZone;

import org.springframework.jdbc.core.SqlTypeValue;

/**
 * The few SQL and JDBC details that differ between the supported databases: how to turn
 * {@code created_at} into UTC epoch seconds, integer division, byte-order sorting of text, and how
 * to bind and read an {@link Instant} so that it means UTC whatever the JVM or session zone.
 */
enum UsageDialect {

	/** H2 ({@code timestamp with time zone}): instants travel as UTC {@link OffsetDateTime}s. */
	H2("cast(floor(extract(epoch from created_at)) as bigint)", "(%s) / %d", "%s", false),

	/** PostgreSQL ({@code timestamptz}): instants travel as UTC {@link OffsetDateTime}s. */
	POSTGRESQL("cast(floor(extract(epoch from created_at)) as bigint)", "(%s) / %d", "%s collate \"C\"", false),

	/**
	 * MariaDB and MySQL ({@code datetime(6)} holding UTC wall-clock time): instants travel as
	 * timestamps read and written with a UTC calendar; {@code div} because {@code /} is decimal.
	 */
	MYSQL("timestampdiff(second, '1970-01-01 00:00:00', created_at)", "(%s) div %d", "cast(%s as binary)", true);

	private static final TimeZone UTC = TimeZone.getTimeZone(ZoneOffset.UTC);

	private final String epochSeconds;

	private final String quotient;

	private final String byteOrder;

	private final boolean utcWallClock;

	UsageDialect(String epochSeconds, String quotient, String byteOrder, boolean utcWallClock) {
		this.epochSeconds = epochSeconds;
		this.quotient = quotient;
		this.byteOrder = byteOrder;
		this.utcWallClock = utcWallClock;
	}

	/** The dialect for a Bearer schema vendor folder name ({@code h2}, {@code postgresql} or {@code mysql}). */
	static UsageDialect forVendor(String vendor) {
		return switch (vendor) {
			case "h2" -> H2;
			case "postgresql" -> POSTGRESQL;
			case "mysql" -> MYSQL;
			default -> throw new IllegalStateException("No usage query dialect for database vendor '" + vendor + "'");
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
		if (this.utcWallClock) {
			return (statement, index, sqlType, typeName) -> statement.setTimestamp(index, Timestamp.from(instant),
					Calendar.getInstance(UTC));
		}
		return (statement, index, sqlType, typeName) -> statement.setObject(index,
				OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
	}

	/** Reads an instant written by {@link #parameter(Instant)} (or by Hibernate), or {@code null}. */
	Instant readInstant(ResultSet resultSet, String column) throws SQLException {
		if (this.utcWallClock) {
			Timestamp timestamp = resultSet.getTimestamp(column, Calendar.getInstance(UTC));
			return (timestamp != null) ? timestamp.toInstant() : null;
		}
		OffsetDateTime value = resultSet.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
