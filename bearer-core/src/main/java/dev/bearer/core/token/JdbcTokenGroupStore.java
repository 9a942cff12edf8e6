package dev.bearer.core.token;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.bearer.core.schema.BearerDialect;
import dev.bearer.core.schema.BearerSchema;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/** The token groups table, through JDBC. */
final class JdbcTokenGroupStore {

	private static final String INSERT = """
			insert into {token_groups} (owner_type, owner_id, name, metadata, created_at, updated_at)
			values (?, ?, ?, {json}, ?, ?)""";

	private static final String SELECT_BY_ID = """
			select id, owner_type, owner_id, name, metadata, created_at from {token_groups} where id = ?""";

	private static final String SELECT_BY_ID_FOR_UPDATE = SELECT_BY_ID + " for update";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
	};

	private final BearerSchema schema;

	private final JdbcTemplate jdbc;

	JdbcTokenGroupStore(BearerSchema schema) {
		this.schema = schema;
		this.jdbc = new JdbcTemplate(schema.dataSource());
	}

	/** Inserts a group and returns it with its id. */
	TokenGroup insert(TokenOwner owner, String name, Map<String, Object> metadata, Instant now) {
		BearerDialect dialect = this.schema.dialect();
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.update(connection -> {
			PreparedStatement statement = connection.prepareStatement(this.schema.sql(INSERT), new String[] { "id" });
			statement.setString(1, owner.type());
			statement.setString(2, owner.id());
			statement.setString(3, name);
			statement.setString(4, (metadata != null) ? JSON.writeValueAsString(metadata) : null);
			dialect.bindInstant(statement, 5, now);
			dialect.bindInstant(statement, 6, now);
			return statement;
		}, keys);
		long id = Objects.requireNonNull(keys.getKey(), "the database returned no generated id").longValue();
		return new TokenGroup(id, owner, name, metadata, now);
	}

	/** The group with this id, if any. */
	Optional<TokenGroup> findById(long id) {
		return this.jdbc.query(this.schema.sql(SELECT_BY_ID), this::mapRow, id).stream().findFirst();
	}

	/**
	 * The group with this id, if any, its row locked until the transaction ends: changes
	 * to a group's membership (issue into it, rotation, group revocation) serialise on
	 * it.
	 */
	Optional<TokenGroup> findByIdForUpdate(long id) {
		return this.jdbc.query(this.schema.sql(SELECT_BY_ID_FOR_UPDATE), this::mapRow, id).stream().findFirst();
	}

	private TokenGroup mapRow(ResultSet rs, int rowNumber) throws SQLException {
		String metadata = rs.getString("metadata");
		return new TokenGroup(rs.getLong("id"), new TokenOwner(rs.getString("owner_type"), rs.getString("owner_id")),
				rs.getString("name"), (metadata != null) ? JSON.readValue(metadata, OBJECT) : null,
				this.schema.dialect().readInstant(rs, "created_at"));
	}

}
