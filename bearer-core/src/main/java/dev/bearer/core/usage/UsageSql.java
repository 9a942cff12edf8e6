package dev.bearer.core.usage;

/**
 * The usage queries' SQL. Values are always bound as named parameters; the {@code %s}
 * slots only receive {@link dev.bearer.core.schema.BearerDialect} fragments, fixed
 * conditions from this class, and the numeric {@link LocalTimeBuckets} expressions;
 * {@code {tokens}} and {@code {audit_logs}} become the configured table names (see
 * {@link dev.bearer.core.schema.BearerSchema#sql}).
 */
final class UsageSql {

	/** Whether a token exists. */
	static final String TOKEN_EXISTS = """
			select count(*) from {tokens} where id = :tokenId
			""";

	/** Audit entries; completed by a where clause, an order and optionally a limit. */
	static final String ENTRIES = """
			select id, token_id, event, ip_address, user_agent, metadata, created_at
			from {audit_logs}
			""";

	/** Counts audit rows; completed by a where clause. */
	static final String ENTRY_COUNT = """
			select count(*)
			from {audit_logs}
			""";

	/** Condition: rows of one token. */
	static final String FOR_TOKEN = "token_id = :tokenId";

	/** Condition: rows of any of an owner's tokens. */
	static final String FOR_OWNER = "token_id in (select id from {tokens} where owner_type = :ownerType and owner_id = :ownerId)";

	/** Condition: rows of one event. */
	static final String FOR_EVENT = "event = :event";

	/** Condition: rows of the listed events. */
	static final String FOR_EVENTS = "event in (:events)";

	/**
	 * Condition: rows strictly after an instant (the seed's
	 * {@code created_at > now - N}).
	 */
	static final String AFTER = "created_at > :after";

	/** Condition: rows at or after an instant. */
	static final String FROM = "created_at >= :from";

	/** Condition: rows strictly before an instant. */
	static final String BEFORE = "created_at < :to";

	/** Condition: rows from one IP address. */
	static final String FROM_IP = "ip_address = :ipAddress";

	/** Newest first; the id breaks ties between rows of the same instant. */
	static final String NEWEST_FIRST = " order by created_at desc, id desc";

	/** Oldest first; the id breaks ties between rows of the same instant. */
	static final String OLDEST_FIRST = " order by created_at asc, id asc";

	/** A page. */
	static final String PAGE = " limit :limit offset :offset";

	/** At most {@code :limit} rows. */
	static final String LIMIT = " limit :limit";

	/** The first and last instant of the rows matching a where clause. */
	static final String TIME_RANGE = """
			select min(created_at) as first_at, max(created_at) as last_at
			from {audit_logs}
			""";

	/**
	 * Rows per local bucket: slot 1 is the dialect's epoch-seconds expression, slot 2 the
	 * where clause, slot 3 the bucket expression over {@code epoch_second}.
	 */
	static final String BUCKETS = """
			select %3$s as bucket, count(*) as uses
			from (
				select %1$s as epoch_second
				from {audit_logs}
				%2$s
			) stamped
			group by %3$s
			order by bucket
			""";

	/**
	 * The attempts a group of rows stands for: one per row, or a row's own count without
	 * a token; slot 1 is the count's JSON expression.
	 */
	static final String ATTEMPTS = "sum(case when token_id is null then coalesce(%s, 1) else 1 end)";

	/**
	 * IPs with more than a threshold of attempts of some events in a window, most first,
	 * at most {@code :limit} IPs; slot 1 is the attempts a group of rows stands for
	 * ({@link #ATTEMPTS}), slot 2 the IP's byte-order sort key.
	 */
	static final String SUSPICIOUS_IPS = """
			select ip_address, %1$s as attempts
			from {audit_logs}
			where event in (:events) and created_at > :after and ip_address is not null
			group by ip_address
			having %1$s > :threshold
			order by attempts desc, %2$s
			limit :limit
			""";

	/** An owner's tokens per type and environment, with how many were never revoked. */
	static final String TOKEN_BREAKDOWN = """
			select type, environment, count(*) as tokens,
				sum(case when revoked_at is null then 1 else 0 end) as active
			from {tokens}
			where owner_type = :ownerType and owner_id = :ownerId
			group by type, environment
			""";

	/**
	 * All tokens per type, environment and state at {@code :now}: revoked once
	 * {@code revoked_at} has passed, else expired once {@code expires_at} has passed,
	 * else active.
	 */
	static final String TOKEN_CENSUS = """
			select type, environment, state, count(*) as tokens
			from (
				select type, environment,
					case when revoked_at <= :now then 'revoked' when expires_at <= :now then 'expired' else 'active' end as state
				from {tokens}
			) judged
			group by type, environment, state
			""";

	private UsageSql() {
	}

}
