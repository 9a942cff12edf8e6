package dev.bearer.core.schema;

import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * MySQL and MariaDB: {@code datetime(6)} columns holding UTC wall-clock time,
 * {@code json} bound as text, {@code div} for integer division because {@code /} is
 * decimal.
 */
final class MySqlDialect extends BearerDialect {

	@Override
	public String migrationFolder() {
		return "mysql";
	}

	@Override
	public String jsonParameter() {
		return "?";
	}

	@Override
	public void bindInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
		statement.setObject(index, (instant != null) ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC) : null);
	}

	@Override
	public Instant readInstant(ResultSet resultSet, int index) throws SQLException {
		LocalDateTime value = resultSet.getObject(index, LocalDateTime.class);
		return (value != null) ? value.toInstant(ZoneOffset.UTC) : null;
	}

	@Override
	public String epochSeconds(String column) {
		return "timestampdiff(second, '1970-01-01 00:00:00', " + column + ")";
	}

	@Override
	public String quotient(String dividend, int divisor) {
		return "(" + dividend + ") div " + divisor;
	}

	@Override
	public String byteOrder(String column) {
		return "cast(" + column + " as binary)";
	}

	/** An insert whose duplicate-key update sets the key's first column to itself. */
	@Override
	public String insertUnlessPresent(String table, String columns, String values, String key) {
		String column = key.split(",")[0].trim();
		return "insert into " + table + " (" + columns + ") values (" + values + ") on duplicate key update " + column
				+ " = " + column;
	}

	/** Oldest rows first, along the column's index. */
	@Override
	public String deleteBefore(String table, String column, int limit) {
		return "delete from " + table + " where " + column + " < ? order by " + column + " limit " + limit;
	}

	@Override
	public String addingUpsert(String table, List<String> keyColumns, List<String> keyTypes, String countColumn) {
		String columns = String.join(", ", keyColumns) + ", " + countColumn;
		return "insert into " + table + " (" + columns + ") values (" + "?, ".repeat(keyColumns.size())
				+ "?) on duplicate key update " + countColumn + " = " + countColumn + " + values(" + countColumn + ")";
	}

	/**
	 * The select as a derived table, so its count column is not mistaken for the table's.
	 */
	@Override
	public String addingUpsertSelect(String table, List<String> keyColumns, String countColumn, String select) {
		String columns = String.join(", ", keyColumns) + ", " + countColumn;
		return "insert into " + table + " (" + columns + ") select " + columns + " from (" + select
				+ ") s on duplicate key update " + countColumn + " = " + table + "." + countColumn + " + values("
				+ countColumn + ")";
	}

	@Override
	public String deleteSome(String table, String condition, int limit) {
		return "delete from " + table + " where " + condition + " limit " + limit;
	}

	/**
	 * Binds {@code uuid} as its 16 bytes, most significant first, into a
	 * {@code binary(16)} column.
	 */
	@Override
	public void bindUuid(PreparedStatement statement, int index, UUID uuid) throws SQLException {
		if (uuid == null) {
			statement.setNull(index, Types.BINARY);
			return;
		}
		statement.setBytes(index,
				ByteBuffer.allocate(16)
					.putLong(uuid.getMostSignificantBits())
					.putLong(uuid.getLeastSignificantBits())
					.array());
	}

	/** Reads a key written by {@link #bindUuid}: 16 bytes, most significant first. */
	@Override
	public UUID readUuid(ResultSet resultSet, int index) throws SQLException {
		byte[] bytes = resultSet.getBytes(index);
		if (bytes == null) {
			return null;
		}
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		return new UUID(buffer.getLong(), buffer.getLong());
	}

	@Override
	protected String jsonIntegerOf(String column, String field) {
		return "cast(json_extract(" + column + ", '$." + field + "') as signed)";
	}

}
