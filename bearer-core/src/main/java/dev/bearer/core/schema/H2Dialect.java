package dev.bearer.core.schema;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * H2 2.x: {@code timestamp with time zone} columns, {@code json} bound with
 * {@code format json}.
 */
final class H2Dialect extends BearerDialect {

	@Override
	public String migrationFolder() {
		return "h2";
	}

	@Override
	public String jsonParameter() {
		return "? format json";
	}

	@Override
	public void bindInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
		statement.setObject(index, (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null);
	}

	@Override
	public Instant readInstant(ResultSet resultSet, int index) throws SQLException {
		OffsetDateTime value = resultSet.getObject(index, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	@Override
	public String epochSeconds(String column) {
		return "cast(floor(extract(epoch from " + column + ")) as bigint)";
	}

	@Override
	public String byteOrder(String column) {
		return column;
	}

}
