package dev.bearer.core.token;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.bearer.core.schema.BearerDialect;
import dev.bearer.core.schema.BearerSchema;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * The timed revocations table, through JDBC. A revocation runs on the one node whose
 * {@link #claim} moves it from pending to done: the update locks the row until that
 * node's transaction ends, and another node's claim then finds it done.
 */
final class JdbcTimedRevocationStore {

	private static final String COLUMNS = """
			id, group_id, types, environments, revoke_at, reason, state, created_at, completed_at""";

	private static final String INSERT = """
			insert into {timed_revocations} (group_id, types, environments, revoke_at, reason, state, created_at)
			values (?, ?, ?, ?, ?, 'PENDING', ?)""";

	private static final String SELECT_BY_ID = "select " + COLUMNS + " from {timed_revocations} where id = ?";

	private static final String SELECT_BY_GROUP = "select " + COLUMNS
			+ " from {timed_revocations} where group_id = ? order by revoke_at asc, id asc";

	private static final String SELECT_DUE = """
			select id from {timed_revocations} where state = 'PENDING' and revoke_at <= ? order by revoke_at asc, id asc""";

	private static final String CLAIM = """
			update {timed_revocations} set state = 'DONE', completed_at = ?
			where id = ? and state = 'PENDING' and revoke_at <= ?""";

	private static final String CANCEL = """
			update {timed_revocations} set state = 'CANCELLED', completed_at = ? where id = ? and state = 'PENDING'""";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<Set<String>> STRINGS = new TypeReference<>() {
	};

	private final BearerSchema schema;

	private final JdbcTemplate jdbc;

	private final JdbcTemplate dueReader;

	JdbcTimedRevocationStore(BearerSchema schema, int batchSize) {
		this.schema = schema;
		this.jdbc = new JdbcTemplate(schema.dataSource());
		this.dueReader = new JdbcTemplate(schema.dataSource());
		this.dueReader.setMaxRows(batchSize);
	}

	/** Stores a pending revocation and returns it with its id. */
	TimedRevocation insert(long groupId, TokenSelection selection, Instant revokeAt, String reason, Instant now) {
		BearerDialect dialect = this.schema.dialect();
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.update(connection -> {
			PreparedStatement statement = connection.prepareStatement(this.schema.sql(INSERT), new String[] { "id" });
			statement.setLong(1, groupId);
			statement.setString(2, selection.types().isEmpty() ? null : JSON.writeValueAsString(selection.types()));
			statement.setString(3, selection.environments().isEmpty() ? null : JSON.writeValueAsString(
					selection.environments().stream().map(TokenEnvironment::code).collect(Collectors.toSet())));
			dialect.bindInstant(statement, 4, revokeAt);
			statement.setString(5, reason);
			dialect.bindInstant(statement, 6, now);
			return statement;
		}, keys);
		long id = Objects.requireNonNull(keys.getKey(), "the database returned no generated id").longValue();
		return new TimedRevocation(id, groupId, selection, revokeAt, reason, TimedRevocation.State.PENDING, now, null);
	}

	/** The revocation with this id, if any. */
	Optional<TimedRevocation> findById(long id) {
		return this.jdbc.query(this.schema.sql(SELECT_BY_ID), this::mapRow, id).stream().findFirst();
	}

	/** The group's revocations in every state, soonest first. */
	List<TimedRevocation> findByGroup(long groupId) {
		return this.jdbc.query(this.schema.sql(SELECT_BY_GROUP), this::mapRow, groupId);
	}

	/** The ids of pending revocations due at {@code now}, soonest first, one batch. */
	List<Long> findDue(Instant now) {
		return this.dueReader.query(this.schema.sql(SELECT_DUE),
				statement -> this.schema.dialect().bindInstant(statement, 1, now), (rs, row) -> rs.getLong(1));
	}

	/**
	 * Marks a due pending revocation done in the caller's transaction; whether this call
	 * did (false when another node or an earlier call claimed it, or it was cancelled).
	 */
	boolean claim(long id, Instant now) {
		BearerDialect dialect = this.schema.dialect();
		return this.jdbc.update(this.schema.sql(CLAIM), statement -> {
			dialect.bindInstant(statement, 1, now);
			statement.setLong(2, id);
			dialect.bindInstant(statement, 3, now);
		}) == 1;
	}

	/** Marks a pending revocation cancelled; whether it was pending. */
	boolean cancel(long id, Instant now) {
		return this.jdbc.update(this.schema.sql(CANCEL), statement -> {
			this.schema.dialect().bindInstant(statement, 1, now);
			statement.setLong(2, id);
		}) == 1;
	}

	private TimedRevocation mapRow(ResultSet rs, int rowNumber) throws SQLException {
		BearerDialect dialect = this.schema.dialect();
		Set<String> types = strings(rs.getString("types"));
		Set<TokenEnvironment> environments = strings(rs.getString("environments")).stream()
			.map(TokenEnvironment::fromCode)
			.collect(Collectors.toSet());
		return new TimedRevocation(rs.getLong("id"), rs.getLong("group_id"), new TokenSelection(types, environments),
				dialect.readInstant(rs, "revoke_at"), rs.getString("reason"),
				TimedRevocation.State.valueOf(rs.getString("state")), dialect.readInstant(rs, "created_at"),
				dialect.readInstant(rs, "completed_at"));
	}

	private static Set<String> strings(String json) {
		return (json != null) ? JSON.readValue(json, STRINGS) : Set.of();
	}

}
