package dev.bearer.core.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL: {@code timestamptz} columns, {@code jsonb} bound through a cast and read
 * with its operators, byte order through the {@code C} collation, the audit log table
 * partitioned by month.
 */
final class PostgresDialect extends BearerDialect {

	private static final MonthlyPartitionSql MONTHLY_PARTITIONS = new MonthlyPartitionSql();

	@Override
	public String migrationFolder() {
		return "postgresql";
	}

	@Override
	public String jsonParameter() {
		return "cast(? as jsonb)";
	}

	@Override
	public String byteOrder(String column) {
		return column + " collate \"C\"";
	}

	@Override
	public String insertUnlessPresent(String table, String columns, String values, String key) {
		return "insert into " + table + " (" + columns + ") values (" + values + ") on conflict (" + key
				+ ") do nothing";
	}

	/**
	 * One {@code insert … select … from unnest(…)}: one statement and one plan for any
	 * number of rows, and no second query for the inserted ids.
	 */
	@Override
	public Optional<String> insertArraysUnlessPresent(String table, List<String> columns, List<String> arrayTypes,
			String key) {
		List<String> arrays = arrayTypes.stream().map(type -> "cast(? as " + arrayType(type) + "[])").toList();
		List<String> selected = new ArrayList<>();
		for (int i = 0; i < columns.size(); i++) {
			String column = "x." + columns.get(i);
			selected.add("jsonb".equals(arrayTypes.get(i)) ? "cast(" + column + " as jsonb)" : column);
		}
		return Optional.of("insert into " + table + " (" + String.join(", ", columns) + ") select "
				+ String.join(", ", selected) + " from unnest(" + String.join(", ", arrays) + ") as x("
				+ String.join(", ", columns) + ") on conflict (" + key + ") do nothing returning id, row_key");
	}

	private static String arrayType(String type) {
		return "jsonb".equals(type) ? "text" : type;
	}

	/**
	 * Rows picked by their physical address ({@code ctid}), which has no limit clause.
	 */
	@Override
	public String deleteBefore(String table, String column, int limit) {
		return "delete from " + table + " where ctid = any(array(select ctid from " + table + " where " + column
				+ " < ? limit " + limit + "))";
	}

	@Override
	public Optional<MonthlyPartitionSql> monthlyPartitions() {
		return Optional.of(MONTHLY_PARTITIONS);
	}

	@Override
	public String addingUpsert(String table, List<String> keyColumns, List<String> keyTypes, String countColumn) {
		String columns = String.join(", ", keyColumns) + ", " + countColumn;
		return "insert into " + table + " as r (" + columns + ") values (" + "?, ".repeat(keyColumns.size())
				+ "?) on conflict (" + String.join(", ", keyColumns) + ") do update set " + countColumn + " = r."
				+ countColumn + " + excluded." + countColumn;
	}

	@Override
	public String addingUpsertSelect(String table, List<String> keyColumns, String countColumn, String select) {
		String columns = String.join(", ", keyColumns) + ", " + countColumn;
		return "insert into " + table + " as r (" + columns + ") select " + columns + " from (" + select
				+ ") s on conflict (" + String.join(", ", keyColumns) + ") do update set " + countColumn + " = r."
				+ countColumn + " + excluded." + countColumn;
	}

	@Override
	public String deleteSome(String table, String condition, int limit) {
		return "delete from " + table + " where ctid = any(array(select ctid from " + table + " where " + condition
				+ " limit " + limit + "))";
	}

	@Override
	protected String jsonIntegerOf(String column, String field) {
		return "(case when jsonb_typeof(" + column + " -> '" + field + "') = 'number' then cast(" + column + " ->> '"
				+ field + "' as numeric) end)";
	}

}
