package dev.bearer.core.audit;

import dev.bearer.core.schema.DatabaseVendor;

/** The audit log's insert statement in each vendor's dialect (JSON needs a cast on PostgreSQL and H2). */
final class AuditStatements {

	private static final String INSERT = """
			insert into bearer_token_audit_logs (token_id, event, ip_address, user_agent, metadata, created_at)
			values (?, ?, ?, ?, %s, ?)""";

	private AuditStatements() {
	}

	static String insert(DatabaseVendor vendor) {
		return switch (vendor) {
			case POSTGRESQL -> INSERT.formatted("cast(? as jsonb)");
			case H2 -> INSERT.formatted("? format json");
			case MYSQL -> INSERT.formatted("?");
		};
	}

}
