package dev.bearer.core.usage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.schema.BearerDialect;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.token.TokenNotFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Runs the usage queries against the schema's tables: binds instants the dialect's way,
 * maps audit rows to {@link AuditEntry} records, and checks that tokens exist. The
 * dialect is detected on first use.
 */
final class UsageDatabase {

	private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
	};

	private final BearerSchema schema;

	private final NamedParameterJdbcTemplate jdbc;

	private final JsonMapper jsonMapper;

	private final RowMapper<AuditEntry> entryMapper = this::mapEntry;

	UsageDatabase(BearerSchema schema, JsonMapper jsonMapper) {
		this.schema = schema;
		this.jdbc = new NamedParameterJdbcTemplate(new JdbcTemplate(schema.dataSource()));
		this.jsonMapper = jsonMapper;
	}

	/** The database's dialect. */
	BearerDialect dialect() {
		return this.schema.dialect();
	}

	/** {@code instant} as a bind value that means UTC on this database. */
	Object instant(Instant instant) {
		return dialect().instantParameter(instant);
	}

	/** Reads an instant column. */
	Instant readInstant(ResultSet resultSet, String column) throws SQLException {
		return dialect().readInstant(resultSet, column);
	}

	/**
	 * Checks that a token exists.
	 * @throws TokenNotFoundException if it does not
	 */
	void requireToken(long tokenId) {
		if (count(UsageSql.TOKEN_EXISTS, new MapSqlParameterSource("tokenId", tokenId)) == 0) {
			throw new TokenNotFoundException(tokenId);
		}
	}

	/**
	 * The condition selecting the raw request rows the rollups do not hold yet, with the
	 * rollup mark read now.
	 */
	String rollupTail() {
		return RollupSql.tail(count(RollupSql.MARK, new MapSqlParameterSource()));
	}

	/** The audit entries a query selects, in its order. */
	List<AuditEntry> entries(String sql, MapSqlParameterSource parameters) {
		return this.jdbc.query(this.schema.sql(sql), parameters, this.entryMapper);
	}

	/** The rows a query maps. */
	<T> List<T> query(String sql, MapSqlParameterSource parameters, RowMapper<T> mapper) {
		return this.jdbc.query(this.schema.sql(sql), parameters, mapper);
	}

	/** The single row a query maps, if it returns one. */
	<T> Optional<T> single(String sql, MapSqlParameterSource parameters, RowMapper<T> mapper) {
		return this.jdbc.query(this.schema.sql(sql), parameters, mapper).stream().findFirst();
	}

	/** The number a {@code select count(*)} returns. */
	long count(String sql, MapSqlParameterSource parameters) {
		Long count = this.jdbc.queryForObject(this.schema.sql(sql), parameters, Long.class);
		return (count != null) ? count : 0;
	}

	private AuditEntry mapEntry(ResultSet resultSet, int rowNumber) throws SQLException {
		long id = resultSet.getLong("id");
		long tokenId = resultSet.getLong("token_id");
		Long token = resultSet.wasNull() ? null : tokenId;
		return new AuditEntry(id, token, AuditEvent.fromCode(resultSet.getString("event")),
				resultSet.getString("ip_address"), resultSet.getString("user_agent"),
				metadata(id, resultSet.getString("metadata")), readInstant(resultSet, "created_at"));
	}

	private Map<String, Object> metadata(long id, String json) {
		if (json == null) {
			return Map.of();
		}
		try {
			Map<String, Object> object = this.jsonMapper.readValue(json, JSON_OBJECT);
			return (object != null) ? object : Map.of();
		}
		catch (JacksonException ex) {
			throw new IllegalStateException("Audit row " + id + " has metadata that is not a JSON object", ex);
		}
	}

}
