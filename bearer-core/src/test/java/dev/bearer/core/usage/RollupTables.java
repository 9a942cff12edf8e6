package dev.bearer.core.usage;

import org.springframework.jdbc.core.JdbcTemplate;

/** Empties the usage rollups and moves their mark back to the start, for a clean test. */
final class RollupTables {

	private RollupTables() {
	}

	static void clear(JdbcTemplate jdbc) {
		jdbc.update("delete from bearer_audit_rollup_buckets");
		jdbc.update("delete from bearer_audit_rollup_hours");
		jdbc.update("delete from bearer_audit_rollup_ips");
		jdbc.update("delete from bearer_audit_rollup_totals");
		jdbc.update("delete from bearer_audit_rollup_ip_totals");
		jdbc.update("delete from bearer_audit_rollup_ranges");
		jdbc.update("update bearer_audit_rollup_mark set covered_id = 0");
	}

}
