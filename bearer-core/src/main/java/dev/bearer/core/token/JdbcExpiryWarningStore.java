package dev.bearer.core.token;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.bearer.core.schema.BearerDialect;
import dev.bearer.core.schema.BearerSchema;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The expiry warnings table and the reads of the tokens table the
 * {@link ExpiryWarningScan} makes, in pages by id. Every statement runs on its own (no
 * surrounding transaction), so an insert that succeeded has committed.
 */
final class JdbcExpiryWarningStore {

	private static final String CANDIDATE_COLUMNS = """
			t.id, t.owner_type, t.owner_id, t.name, t.type, t.environment, t.expires_at,
			coalesce(t.last_used_at, t.created_at) as last_use""";

	private static final String ACTIVE = """
			t.revoked_at is null and (t.expires_at is null or t.expires_at > :now) and t.id > :afterId""";

	private static final String SELECT_EXPIRING = "select " + CANDIDATE_COLUMNS + " from {tokens} t where " + ACTIVE
			+ " and t.expires_at <= :until order by t.id limit :limit";

	private static final String SELECT_LAST_USED_BETWEEN = "select " + CANDIDATE_COLUMNS + " from {tokens} t where "
			+ ACTIVE + " and t.type = :type and t.environment = :environment"
			+ " and coalesce(t.last_used_at, t.created_at) > :after"
			+ " and coalesce(t.last_used_at, t.created_at) <= :before order by t.id limit :limit";

	private static final String NOT_WARNED = " and not exists (select 1 from {expiry_warnings} w"
			+ " where w.token_id = t.id and w.kind = :kind and w.basis = coalesce(t.last_used_at, t.created_at))";

	private static final String SELECT_UNWARNED_IDLE_OF_TYPE = "select " + CANDIDATE_COLUMNS + " from {tokens} t where "
			+ ACTIVE + " and t.type = :type and t.environment = :environment"
			+ " and coalesce(t.last_used_at, t.created_at) <= :before" + NOT_WARNED + " order by t.id limit :limit";

	private static final String SELECT_UNWARNED_IDLE = "select " + CANDIDATE_COLUMNS + " from {tokens} t where "
			+ ACTIVE + " and coalesce(t.last_used_at, t.created_at) <= :before" + NOT_WARNED
			+ " order by t.id limit :limit";

	private static final String INSERT = """
			insert into {expiry_warnings} (token_id, kind, threshold_seconds, deadline, basis, created_at)
			values (?, ?, ?, ?, ?, ?)""";

	private static final String DELETE_OF_ENDED_TOKENS = """
			delete from {expiry_warnings} where token_id in (select id from {tokens}
				where revoked_at is not null or expires_at <= ?)""";

	private static final String DELETE_PASSED_DEADLINES = """
			delete from {expiry_warnings} where kind in ('expiry', 'idle_deadline') and deadline <= ?""";

	private final BearerSchema schema;

	private final JdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate named;

	private final int pageSize;

	JdbcExpiryWarningStore(BearerSchema schema, int pageSize) {
		this.schema = schema;
		this.jdbc = new JdbcTemplate(schema.dataSource());
		this.named = new NamedParameterJdbcTemplate(this.jdbc);
		this.pageSize = pageSize;
	}

	/**
	 * Active keys expiring after {@code now} and by {@code until}, ids after
	 * {@code afterId}.
	 */
	List<Candidate> expiring(Instant now, Instant until, long afterId) {
		return query(SELECT_EXPIRING, page(now, afterId).addValue("until", instant(until)));
	}

	/**
	 * Active keys of a type and environment last used (or issued) after {@code after} and
	 * by {@code before}.
	 */
	List<Candidate> lastUsedBetween(String type, TokenEnvironment environment, Instant after, Instant before,
			Instant now, long afterId) {
		return query(SELECT_LAST_USED_BETWEEN,
				page(now, afterId).addValue("type", type)
					.addValue("environment", environment.code())
					.addValue("after", instant(after))
					.addValue("before", instant(before)));
	}

	/**
	 * Active keys of a type and environment (or of any, when {@code type} is
	 * {@code null}) last used (or issued) by {@code before} that have no {@code kind}
	 * warning for that last use yet.
	 */
	List<Candidate> unwarnedIdle(String type, TokenEnvironment environment, Instant before, WarningKind kind,
			Instant now, long afterId) {
		MapSqlParameterSource parameters = page(now, afterId).addValue("before", instant(before))
			.addValue("kind", kind.code());
		if (type == null) {
			return query(SELECT_UNWARNED_IDLE, parameters);
		}
		return query(SELECT_UNWARNED_IDLE_OF_TYPE,
				parameters.addValue("type", type).addValue("environment", environment.code()));
	}

	/**
	 * Records a warning; {@code false} when a row with the same key, kind, threshold and
	 * deadline is already there (another scan, maybe on another node, sent it).
	 */
	boolean insert(long tokenId, WarningKind kind, Duration threshold, Instant deadline, Instant basis, Instant now) {
		BearerDialect dialect = this.schema.dialect();
		try {
			return this.jdbc.update(this.schema.sql(INSERT), statement -> {
				statement.setLong(1, tokenId);
				statement.setString(2, kind.code());
				statement.setLong(3, threshold.toSeconds());
				dialect.bindInstant(statement, 4, deadline);
				dialect.bindInstant(statement, 5, basis);
				dialect.bindInstant(statement, 6, now);
			}) == 1;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * Deletes the warnings of revoked and expired keys and those whose deadline has
	 * passed; returns how many.
	 */
	int deleteObsolete(Instant now) {
		BearerDialect dialect = this.schema.dialect();
		int deleted = this.jdbc.update(this.schema.sql(DELETE_OF_ENDED_TOKENS),
				statement -> dialect.bindInstant(statement, 1, now));
		return deleted + this.jdbc.update(this.schema.sql(DELETE_PASSED_DEADLINES),
				statement -> dialect.bindInstant(statement, 1, now));
	}

	int pageSize() {
		return this.pageSize;
	}

	private MapSqlParameterSource page(Instant now, long afterId) {
		return new MapSqlParameterSource("now", instant(now)).addValue("afterId", afterId)
			.addValue("limit", this.pageSize);
	}

	private Object instant(Instant instant) {
		return this.schema.dialect().instantParameter(instant);
	}

	private List<Candidate> query(String sql, MapSqlParameterSource parameters) {
		return this.named.query(this.schema.sql(sql), parameters, this::mapRow);
	}

	private Candidate mapRow(ResultSet rs, int rowNumber) throws SQLException {
		BearerDialect dialect = this.schema.dialect();
		return new Candidate(rs.getLong("id"), new TokenOwner(rs.getString("owner_type"), rs.getString("owner_id")),
				rs.getString("name"), rs.getString("type"), TokenEnvironment.fromCode(rs.getString("environment")),
				dialect.readInstant(rs, "expires_at"), dialect.readInstant(rs, "last_use"));
	}

	/** What kind of warning a row records. */
	enum WarningKind {

		/** {@link TokenExpiringSoon} for the key's expiry. */
		EXPIRY("expiry"),
		/** {@link TokenExpiringSoon} for the key's idle deadline. */
		IDLE_DEADLINE("idle_deadline"),
		/** {@link TokenIdle} for a key past its idle expiry. */
		IDLE("idle"),
		/** {@link TokenIdle} for a key unused for {@code idle-after}. */
		UNUSED("unused");

		private final String code;

		WarningKind(String code) {
			this.code = code;
		}

		String code() {
			return this.code;
		}

	}

	/** A key the scan may warn about. */
	record Candidate(long id, TokenOwner owner, String name, String type, TokenEnvironment environment,
			Instant expiresAt, Instant lastUse) {
	}

}
