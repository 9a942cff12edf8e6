package dev.bearer.core.schema;

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
