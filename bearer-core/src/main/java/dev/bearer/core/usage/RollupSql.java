package dev.bearer.core.usage;

/**
 * The SQL of the usage queries answered from the rollups: each adds the rollup rows to
 * the raw rows the rollups do not hold yet, the tail (slot {@code %s}: request rows above
 * the rollup mark outside the writer's runs, see {@link #tail(long)}). Table placeholders
 * as in {@link UsageSql}.
 */
final class RollupSql {

	/** The rollup mark: every request row up to this id is in the rollups. */
	static final String MARK = "select covered_id from {rollup_mark} where id = 1";

	/** A token's rows of one event over all its history. */
	static final String TOKEN_COUNT = """
			select coalesce(sum(uses), 0) from (
				select uses from {rollup_totals} where token_id = :tokenId and event = :event
				union all
				select count(*) as uses from {audit_logs} a where a.token_id + 0 = :tokenId and a.event = :event and %s
			) counted
			""";

	/** Rows of one event across all of an owner's tokens. */
	static final String OWNER_COUNT = """
			select coalesce(sum(uses), 0) from (
				select b.uses from {rollup_totals} b join {tokens} t on t.id = b.token_id
				where t.owner_type = :ownerType and t.owner_id = :ownerId and b.event = :event
				union all
				select count(*) as uses from {audit_logs} a join {tokens} t on t.id = a.token_id
				where t.owner_type = :ownerType and t.owner_id = :ownerId and a.event = :event and %s
			) counted
			""";

	/**
	 * An owner's tokens with their number of rows of one event, most first, then by id.
	 */
	static final String MOST_ACTIVE_TOKENS = """
			select t.id, t.name, t.type, t.environment, t.display_prefix,
				coalesce((select b.uses from {rollup_totals} b where b.token_id = t.id and b.event = :event), 0)
				+ (select count(*) from {audit_logs} a where a.token_id + 0 = t.id and a.event = :event and %s) as uses
			from {tokens} t
			where t.owner_type = :ownerType and t.owner_id = :ownerId
			order by uses desc, t.id asc
			limit :limit
			""";

	/**
	 * A token's authentications per IP, most first, at most {@code :limit} IPs; slot 1 is
	 * the tail, slot 2 the IP's byte-order sort key.
	 */
	static final String USES_BY_IP = """
			select ip_address, sum(uses) as uses from (
				select ip_address, uses from {rollup_ip_totals} where token_id = :tokenId
				union all
				select a.ip_address, 1 as uses from {audit_logs} a
				where a.token_id + 0 = :tokenId and a.event = :event and a.ip_address is not null and %1$s
			) counted
			group by ip_address
			order by uses desc, %2$s
			limit :limit
			""";

	/**
	 * A token's rows of one event with their UTC epoch second from the 15-minute buckets;
	 * slot 1 is more conditions. Parts of {@link #BUCKETS}, joined by {@code union all}.
	 */
	static final String BUCKETS_STAMPED = """
			select bucket_start as epoch_second, uses from {rollup_buckets}
			where token_id = :tokenId and event = :event%s
			""";

	/**
	 * A token's rows of one event with their UTC epoch second from the hour tier; slot 1
	 * is more conditions.
	 */
	static final String HOURS_STAMPED = """
			select hour_start as epoch_second, uses from {rollup_hours}
			where token_id = :tokenId and event = :event%s
			""";

	/**
	 * Raw rows of a token's event with their UTC epoch second; slot 1 is the dialect's
	 * epoch-seconds expression, slot 2 more conditions.
	 */
	static final String RAW_STAMPED = """
			select %s as epoch_second, 1 as uses from {audit_logs} a
			where a.token_id = :tokenId and a.event = :event and %s
			""";

	/**
	 * Tail rows of a token's event with their UTC epoch second; slot 1 is the dialect's
	 * epoch-seconds expression, slot 2 the tail and more conditions. As in every tail
	 * here, the token is compared as an expression ({@code a.token_id + 0}), so the
	 * database reads the few rows above the mark by primary key rather than the token's
	 * whole history in its index (a cached generic plan cannot tell a busy token from
	 * another).
	 */
	static final String TAIL_STAMPED = """
			select %s as epoch_second, 1 as uses from {audit_logs} a
			where a.token_id + 0 = :tokenId and a.event = :event and %s
			""";

	/**
	 * The oldest 15-minute bucket of a token's event (UTC epoch second), or {@code null}.
	 */
	static final String FIRST_BUCKET = """
			select min(bucket_start) from {rollup_buckets} where token_id = :tokenId and event = :event
			""";

	/**
	 * Rows per local bucket of stamped rows; slot 1 is the bucket expression over
	 * {@code epoch_second}, slot 2 the stamped rows.
	 */
	static final String BUCKETS = """
			select %1$s as bucket, sum(uses) as uses
			from (
				%2$s
			) stamped
			group by %1$s
			order by bucket
			""";

	/**
	 * An owner's requests and failures strictly after {@code :after}: whole buckets from
	 * {@code :edgeSecond}, raw rows before {@code :edge} and the tail.
	 */
	static final String OWNER_REQUESTS = """
			select coalesce(sum(case when event = :authenticated then uses end), 0) as requests,
				coalesce(sum(case when event in (:failures) then uses end), 0) as failures
			from (
				select b.event, b.uses from {rollup_buckets} b join {tokens} t on t.id = b.token_id
				where t.owner_type = :ownerType and t.owner_id = :ownerId and b.event in (:events)
					and b.bucket_start >= :edgeSecond
				union all
				select a.event, 1 as uses from {audit_logs} a join {tokens} t on t.id = a.token_id
				where t.owner_type = :ownerType and t.owner_id = :ownerId and a.event in (:events)
					and a.created_at > :after and a.created_at < :edge
				union all
				select a.event, 1 as uses from {audit_logs} a join {tokens} t on t.id = a.token_id
				where t.owner_type = :ownerType and t.owner_id = :ownerId and a.event in (:events)
					and a.created_at >= :edge and %s
			) counted
			""";

	/**
	 * An owner's distinct request IPs strictly after {@code :after}: whole UTC days from
	 * {@code :dayEdgeDay}, raw rows before {@code :dayEdge} and the tail.
	 */
	static final String OWNER_IPS = """
			select count(distinct ip_address) as unique_ips from (
				select i.ip_address from {rollup_ips} i join {tokens} t on t.id = i.token_id
				where t.owner_type = :ownerType and t.owner_id = :ownerId and i.epoch_day >= :dayEdgeDay
				union all
				select a.ip_address from {audit_logs} a join {tokens} t on t.id = a.token_id
				where t.owner_type = :ownerType and t.owner_id = :ownerId and a.event = :authenticated
					and a.ip_address is not null and a.created_at > :after and a.created_at < :dayEdge
				union all
				select a.ip_address from {audit_logs} a join {tokens} t on t.id = a.token_id
				where t.owner_type = :ownerType and t.owner_id = :ownerId and a.event = :authenticated
					and a.ip_address is not null and a.created_at >= :dayEdge and %s
			) ips
			""";

	private RollupSql() {
	}

	/**
	 * Condition on audit rows {@code a}: above the mark and outside the writer's runs.
	 * The mark read before the statement ({@code mark}) is written into the SQL as a
	 * number so the planner sees how few rows lie above it; the mark is read again inside
	 * the statement, so a writer that moves it in between is not counted twice.
	 */
	static String tail(long mark) {
		return "a.id > " + mark + " and a.id > (" + MARK + ")"
				+ " and not exists (select 1 from {rollup_ranges} r where a.id between r.first_id and r.last_id)";
	}

}
