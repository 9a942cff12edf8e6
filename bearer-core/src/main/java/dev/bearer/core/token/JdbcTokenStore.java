package dev.bearer.core.token;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.bearer.core.schema.BearerDialect;
import dev.bearer.core.schema.BearerSchema;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * The tokens table, through JDBC. Statements run in the caller's transaction when one is
 * active on the schema's data source; {@link #findByIdForUpdate} locks the row until it
 * ends.
 */
final class JdbcTokenStore {

	private static final String COLUMNS = """
			id, owner_type, owner_id, name, type, environment, display_prefix, token_hash, hash_algorithm, abilities,
			metadata, allowed_ips, allowed_domains, rate_limit_per_minute, quota_period, quota_limit, group_id, parent_id,
			expires_at, last_used_at, revoked_at, created_at, updated_at""";

	private static final String INSERT = """
			insert into {tokens} (owner_type, owner_id, name, type, environment, display_prefix, token_hash, hash_algorithm,
				abilities, metadata, allowed_ips, allowed_domains, rate_limit_per_minute, quota_period, quota_limit,
				quota_remaining, group_id, parent_id, expires_at, created_at, updated_at)
			values (?, ?, ?, ?, ?, ?, ?, ?, {json}, {json}, {json}, {json}, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

	private static final String SELECT_BY_ID = "select " + COLUMNS + " from {tokens} where id = :id";

	private static final String SELECT_BY_ID_FOR_UPDATE = SELECT_BY_ID + " for update";

	private static final String SELECT_BY_HASHES = "select " + COLUMNS + " from {tokens} where token_hash in (:hashes)";

	private static final String SELECT_BY_OWNER = "select " + COLUMNS
			+ " from {tokens} where owner_type = :ownerType and owner_id = :ownerId order by id asc";

	private static final String SELECT_BY_GROUP_FOR_UPDATE = "select " + COLUMNS
			+ " from {tokens} where group_id = :groupId order by id asc for update";

	private static final String SELECT_CHILDREN_FOR_UPDATE = "select " + COLUMNS
			+ " from {tokens} where parent_id = :parentId order by id asc for update";

	private static final String REVOKE = """
			update {tokens} set revoked_at = ?, updated_at = ? where id = ?""";

	private static final String SET_QUOTA = """
			update {tokens} set quota_period = ?, quota_limit = ?, quota_remaining = ?, updated_at = ? where id = ?""";

	private static final String SELECT_REMAINING_CREDITS = """
			select quota_remaining from {tokens} where id = ? and quota_period = 'credits'""";

	private static final String REFILL_CREDITS = """
			update {tokens} set quota_remaining = quota_remaining + ?, updated_at = ?
			where id = ? and quota_period = 'credits'""";

	private static final String SET_REMAINING_CREDITS = """
			update {tokens} set quota_remaining = ? where id = ? and quota_period = 'credits'""";

	private static final String TAKE_CREDIT = """
			update {tokens} set quota_remaining = quota_remaining - 1
			where id = ? and quota_period = 'credits' and quota_remaining > 0""";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
	};

	private final BearerSchema schema;

	private final JdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate named;

	JdbcTokenStore(BearerSchema schema) {
		this.schema = schema;
		this.jdbc = new JdbcTemplate(schema.dataSource());
		this.named = new NamedParameterJdbcTemplate(this.jdbc);
	}

	/**
	 * Inserts {@code token} (whose id is {@code null}) stored under {@code tokenHash};
	 * returns it with its id.
	 */
	Token insert(Token token, String tokenHash) {
		BearerDialect dialect = this.schema.dialect();
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.update(connection -> {
			PreparedStatement statement = connection.prepareStatement(this.schema.sql(INSERT), new String[] { "id" });
			statement.setString(1, token.owner().type());
			statement.setString(2, token.owner().id());
			statement.setString(3, token.name());
			statement.setString(4, token.type());
			statement.setString(5, token.environment().code());
			statement.setString(6, token.displayPrefix());
			statement.setString(7, tokenHash);
			statement.setString(8, token.hashAlgorithm().name());
			statement.setString(9, JSON.writeValueAsString(token.abilities()));
			statement.setString(10, JSON.writeValueAsString(token.metadata()));
			statement.setString(11, token.allowedIps().isEmpty() ? null : JSON.writeValueAsString(token.allowedIps()));
			statement.setString(12,
					token.allowedDomains().isEmpty() ? null : JSON.writeValueAsString(token.allowedDomains()));
			setNullable(statement, 13, token.rateLimitPerMinute(), Types.INTEGER);
			bindQuota(statement, 14, token.quota());
			setNullable(statement, 17, token.groupId(), Types.BIGINT);
			setNullable(statement, 18, token.parentId(), Types.BIGINT);
			dialect.bindInstant(statement, 19, token.expiresAt());
			dialect.bindInstant(statement, 20, token.createdAt());
			dialect.bindInstant(statement, 21, token.updatedAt());
			return statement;
		}, keys);
		long id = Objects.requireNonNull(keys.getKey(), "the database returned no generated id").longValue();
		return new Token(id, token.owner(), token.name(), token.type(), token.environment(), token.displayPrefix(),
				token.hashAlgorithm(), token.abilities(), token.metadata(), token.allowedIps(), token.allowedDomains(),
				token.rateLimitPerMinute(), token.quota(), token.groupId(), token.parentId(), token.expiresAt(),
				token.lastUsedAt(), token.revokedAt(), token.createdAt(), token.updatedAt());
	}

	/** The token with this id, if any. */
	Optional<StoredToken> findById(long id) {
		return single(SELECT_BY_ID, new MapSqlParameterSource("id", id));
	}

	/**
	 * The token with this id, its row locked until the current transaction ends (revoke
	 * and rotate serialise on it).
	 */
	Optional<StoredToken> findByIdForUpdate(long id) {
		return single(SELECT_BY_ID_FOR_UPDATE, new MapSqlParameterSource("id", id));
	}

	/** The tokens whose stored hash is one of {@code hashes}. */
	List<StoredToken> findByHashes(Collection<String> hashes) {
		return this.named.query(this.schema.sql(SELECT_BY_HASHES), new MapSqlParameterSource("hashes", hashes),
				this::mapRow);
	}

	/** An owner's tokens, oldest first. */
	List<Token> findByOwner(TokenOwner owner) {
		MapSqlParameterSource parameters = new MapSqlParameterSource("ownerType", owner.type()).addValue("ownerId",
				owner.id());
		return this.named.query(this.schema.sql(SELECT_BY_OWNER), parameters, this::mapRow)
			.stream()
			.map(StoredToken::token)
			.toList();
	}

	/** A group's tokens, oldest first, their rows locked until the transaction ends. */
	List<StoredToken> findByGroupForUpdate(long groupId) {
		return this.named.query(this.schema.sql(SELECT_BY_GROUP_FOR_UPDATE),
				new MapSqlParameterSource("groupId", groupId), this::mapRow);
	}

	/**
	 * The tokens derived directly from {@code parentId}, oldest first, their rows locked
	 * until the transaction ends.
	 */
	List<StoredToken> findChildrenForUpdate(long parentId) {
		return this.named.query(this.schema.sql(SELECT_CHILDREN_FOR_UPDATE),
				new MapSqlParameterSource("parentId", parentId), this::mapRow);
	}

	/**
	 * Sets when the token is (or was) revoked; returns {@code token} as it is stored now.
	 */
	Token revoke(Token token, Instant revokedAt, Instant now) {
		BearerDialect dialect = this.schema.dialect();
		this.jdbc.update(this.schema.sql(REVOKE), statement -> {
			dialect.bindInstant(statement, 1, revokedAt);
			dialect.bindInstant(statement, 2, now);
			statement.setLong(3, token.id());
		});
		return new Token(token.id(), token.owner(), token.name(), token.type(), token.environment(),
				token.displayPrefix(), token.hashAlgorithm(), token.abilities(), token.metadata(), token.allowedIps(),
				token.allowedDomains(), token.rateLimitPerMinute(), token.quota(), token.groupId(), token.parentId(),
				token.expiresAt(), token.lastUsedAt(), revokedAt, token.createdAt(), now);
	}

	/**
	 * Sets the token's quota ({@code null} for none), a credit quota with all its credits
	 * left; returns {@code token} as it is stored now.
	 */
	Token setQuota(Token token, TokenQuota quota, Instant now) {
		BearerDialect dialect = this.schema.dialect();
		this.jdbc.update(this.schema.sql(SET_QUOTA), statement -> {
			bindQuota(statement, 1, quota);
			dialect.bindInstant(statement, 4, now);
			statement.setLong(5, token.id());
		});
		return new Token(token.id(), token.owner(), token.name(), token.type(), token.environment(),
				token.displayPrefix(), token.hashAlgorithm(), token.abilities(), token.metadata(), token.allowedIps(),
				token.allowedDomains(), token.rateLimitPerMinute(), quota, token.groupId(), token.parentId(),
				token.expiresAt(), token.lastUsedAt(), token.revokedAt(), token.createdAt(), now);
	}

	/** The credits the token has left, or empty when its quota is not a credit quota. */
	Optional<Long> remainingCredits(long id) {
		return this.jdbc.query(this.schema.sql(SELECT_REMAINING_CREDITS), (rs, row) -> rs.getLong(1), id)
			.stream()
			.findFirst();
	}

	/**
	 * Adds {@code amount} credits to the token's credit quota; whether it has one.
	 */
	boolean refillCredits(long id, long amount, Instant now) {
		BearerDialect dialect = this.schema.dialect();
		return this.jdbc.update(this.schema.sql(REFILL_CREDITS), statement -> {
			statement.setLong(1, amount);
			dialect.bindInstant(statement, 2, now);
			statement.setLong(3, id);
		}) == 1;
	}

	/** Sets the credits left of the token's credit quota, if it has one. */
	void setRemainingCredits(long id, long remaining) {
		this.jdbc.update(this.schema.sql(SET_REMAINING_CREDITS), remaining, id);
	}

	/**
	 * Takes one credit of the token's credit quota in one conditional update, exact
	 * whichever node runs it; whether one was left to take.
	 */
	boolean takeCredit(long id) {
		return this.jdbc.update(this.schema.sql(TAKE_CREDIT), id) == 1;
	}

	private Optional<StoredToken> single(String sql, MapSqlParameterSource parameters) {
		return this.named.query(this.schema.sql(sql), parameters, this::mapRow).stream().findFirst();
	}

	private StoredToken mapRow(ResultSet rs, int rowNumber) throws SQLException {
		BearerDialect dialect = this.schema.dialect();
		Token token = new Token(rs.getLong("id"), new TokenOwner(rs.getString("owner_type"), rs.getString("owner_id")),
				rs.getString("name"), rs.getString("type"), TokenEnvironment.fromCode(rs.getString("environment")),
				rs.getString("display_prefix"), HashAlgorithm.valueOf(rs.getString("hash_algorithm")),
				strings(rs.getString("abilities")), object(rs.getString("metadata")),
				strings(rs.getString("allowed_ips")), strings(rs.getString("allowed_domains")),
				rs.getObject("rate_limit_per_minute", Integer.class), quota(rs), rs.getObject("group_id", Long.class),
				rs.getObject("parent_id", Long.class), dialect.readInstant(rs, "expires_at"),
				dialect.readInstant(rs, "last_used_at"), dialect.readInstant(rs, "revoked_at"),
				dialect.readInstant(rs, "created_at"), dialect.readInstant(rs, "updated_at"));
		return new StoredToken(token, rs.getString("token_hash"));
	}

	private static TokenQuota quota(ResultSet rs) throws SQLException {
		String period = rs.getString("quota_period");
		return (period != null) ? new TokenQuota(TokenQuota.Period.fromCode(period), rs.getLong("quota_limit")) : null;
	}

	/**
	 * Binds the quota's period, limit and remaining credits (all of a credit quota's
	 * credits) from {@code index} on.
	 */
	private static void bindQuota(PreparedStatement statement, int index, TokenQuota quota) throws SQLException {
		statement.setString(index, (quota != null) ? quota.period().code() : null);
		setNullable(statement, index + 1, (quota != null) ? quota.limit() : null, Types.BIGINT);
		setNullable(statement, index + 2, (quota != null && quota.isCredits()) ? quota.limit() : null, Types.BIGINT);
	}

	private static List<String> strings(String json) {
		return (json != null) ? JSON.readValue(json, STRINGS) : null;
	}

	private static Map<String, Object> object(String json) {
		return (json != null) ? JSON.readValue(json, OBJECT) : null;
	}

	private static void setNullable(PreparedStatement statement, int index, Number value, int sqlType)
			throws SQLException {
		if (value != null) {
			statement.setObject(index, value, sqlType);
		}
		else {
			statement.setNull(index, sqlType);
		}
	}

	/**
	 * A token with the hash it is stored under.
	 *
	 * @param token the token
	 * @param tokenHash its stored hash
	 */
	record StoredToken(Token token, String tokenHash) {
	}

}
