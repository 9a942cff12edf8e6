package dev.bearer.core.usage;

import java.sql.PreparedStatement;
import java.sql.SQLException;
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

	private static final String INSERT_WITH_GENERATED_ID = """
			insert into bearer_token_audit_logs (token_id, event, ip_address, user_agent, metadata, created_at)
			values (?, ?, ?, ?, %s, ?)
			""";

	private final JdbcTemplate jdbc;

	private final String sql;

	private final String sqlWithGeneratedId;

	private final Function<Instant, Object> timestamp;

	private final JsonMapper json = JsonMapper.builder().build();

	AuditRowWriter(JdbcTemplate jdbc, String jsonPlaceholder, Function<Instant, Object> timestamp) {
		this.jdbc = jdbc;
		this.sql = INSERT.formatted(jsonPlaceholder);
		this.sqlWithGeneratedId = INSERT_WITH_GENERATED_ID.formatted(jsonPlaceholder);
		this.timestamp = timestamp;
	}

	void insert(List<AuditRow> rows) {
		this.jdbc.batchUpdate(this.sql, rows, 500, (statement, row) -> {
			statement.setLong(1, row.id());
			bindValues(statement, 2, row);
		});
	}

	/**
	 * Inserts {@code rows} with ids the database generates (theirs are ignored), as an
	 * import would.
	 */
	void insertWithGeneratedIds(List<AuditRow> rows) {
		this.jdbc.batchUpdate(this.sqlWithGeneratedId, rows, 500, (statement, row) -> bindValues(statement, 1, row));
	}

	private void bindValues(PreparedStatement statement, int first, AuditRow row) throws SQLException {
		if (row.tokenId() != null) {
			statement.setLong(first, row.tokenId());
		}
		else {
			statement.setNull(first, Types.BIGINT);
		}
		statement.setString(first + 1, row.event().code());
		statement.setString(first + 2, row.ipAddress());
		statement.setString(first + 3, row.userAgent());
		statement.setString(first + 4, (row.metadata() != null) ? this.json.writeValueAsString(row.metadata()) : null);
		statement.setObject(first + 5, this.timestamp.apply(row.createdAt()));
	}

}
