package dev.bearer.core.schema;

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
	public String byteOrder(String column) {
		return column;
	}

	/** A {@code merge} on the key: a present row is overwritten with the same values. */
	@Override
	public String insertUnlessPresent(String table, String columns, String values, String key) {
		return "merge into " + table + " (" + columns + ") key (" + key + ") values (" + values + ")";
	}

}
