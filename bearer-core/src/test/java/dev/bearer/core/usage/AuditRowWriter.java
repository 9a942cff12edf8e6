package dev.bearer.core.usage;

import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Inserts audit rows with explicit ids in JDBC batches, independently of the service's
 * own binding: each database subclass says how a UTC instant and a JSON document are
 * written.
 */
final class AuditRowWriter {

	private static final String INSERT = """
			insert into bearer_token_audit_logs (id, token_id, event, ip_address, user_agent, metadata, created_at)
			values (?, ?, ?, ?, ?, %s, ?)
			""";

	private final JdbcTemplate jdbc;

	private final String sql;

	private final Function<Instant, Object> timestamp;

	private final JsonMapper json = JsonMapper.builder().build();

	AuditRowWriter(JdbcTemplate jdbc, String jsonPlaceholder, Function<Instant, Object> timestamp) {
		this.jdbc = jdbc;
		this.sql = INSERT.formatted(jsonPlaceholder);
		this.timestamp = timestamp;
	}

	void insert(List<AuditRow> rows) {
		this.jdbc.batchUpdate(this.sql, rows, 500, (statement, row) -> {
			statement.setLong(1, row.id());
			if (row.tokenId() != null) {
				statement.setLong(2, row.tokenId());
			}
			else {
				statement.setNull(2, Types.BIGINT);
			}
			statement.setString(3, row.event().code());
			statement.setString(4, row.ipAddress());
			statement.setString(5, row.userAgent());
			statement.setString(6, (row.metadata() != null) ? this.json.writeValueAsString(row.metadata()) : null);
			statement.setObject(7, this.timestamp.apply(row.createdAt()));
		});
	}

}
