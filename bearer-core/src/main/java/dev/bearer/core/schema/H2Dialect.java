package dev.bearer.core.schema;

import java.util.List;

/**
 * H2 2.x: {@code timestamp with time zone} columns, {@code json} bound with
 * {@code format json} and, lacking JSON path functions, read from the JSON text.
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
	public String byteOrder(String column) {
		return column;
	}

	/** A {@code merge} on the key: a present row is overwritten with the same values. */
	@Override
	public String insertUnlessPresent(String table, String columns, String values, String key) {
		return "merge into " + table + " (" + columns + ") key (" + key + ") values (" + values + ")";
	}

	@Override
	public String deleteBefore(String table, String column, int limit) {
		return "delete from " + table + " where " + column + " < ? fetch first " + limit + " rows only";
	}

	/** A {@code merge ... using} that adds the count to a present row. */
	@Override
	public String addingUpsert(String table, List<String> keyColumns, List<String> keyTypes, String countColumn) {
		StringBuilder source = new StringBuilder();
		StringBuilder match = new StringBuilder();
		for (int i = 0; i < keyColumns.size(); i++) {
			String column = keyColumns.get(i);
			source.append("cast(? as ").append(keyTypes.get(i)).append(") as ").append(column).append(", ");
			match.append((i > 0) ? " and " : "").append("r.").append(column).append(" = s.").append(column);
		}
		source.append("cast(? as bigint) as ").append(countColumn);
		String columns = String.join(", ", keyColumns) + ", " + countColumn;
		return "merge into " + table + " r using (select " + source + ") s on (" + match
				+ ") when matched then update set " + countColumn + " = r." + countColumn + " + s." + countColumn
				+ " when not matched then insert (" + columns + ") values (s." + columns.replace(", ", ", s.") + ")";
	}

	@Override
	public String addingUpsertSelect(String table, List<String> keyColumns, String countColumn, String select) {
		StringBuilder match = new StringBuilder();
		for (String column : keyColumns) {
			match.append(match.isEmpty() ? "" : " and ").append("r.").append(column).append(" = s.").append(column);
		}
		String columns = String.join(", ", keyColumns) + ", " + countColumn;
		return "merge into " + table + " r using (" + select + ") s on (" + match + ") when matched then update set "
				+ countColumn + " = r." + countColumn + " + s." + countColumn + " when not matched then insert ("
				+ columns + ") values (s." + columns.replace(", ", ", s.") + ")";
	}

	@Override
	public String deleteSome(String table, String condition, int limit) {
		return "delete from " + table + " where " + condition + " fetch first " + limit + " rows only";
	}

	/**
	 * Matches {@code "field":digits} in the JSON text H2 keeps in compact form; inside a
	 * string value every quote is escaped, so only a key matches.
	 */
	@Override
	protected String jsonIntegerOf(String column, String field) {
		return "cast(regexp_substr(cast(" + column + " as varchar), '\"" + field + "\":(-?[0-9]+)', 1, 1, '', 1)"
				+ " as bigint)";
	}

}
