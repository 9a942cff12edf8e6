package dev.bearer.core.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

import dev.bearer.core.schema.BearerDialect;
import dev.bearer.core.schema.BearerSchema;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Recomputes the rollups of a scope (some tokens, a range of UTC days) from the raw rows,
 * inside the database: the scope's old counts come off the all-history totals, its
 * buckets, hours and IP days are deleted and inserted again by {@code insert ... select
 * ... group by} over the raw rows (in key order, so the rows of a token lie together on
 * disk), and the new counts go onto the totals. A few statements whatever the number of
 * rows; runs inside the caller's transaction, which holds the mark's lock.
 */
final class RollupRebuild {

	private final BearerSchema schema;

	private final JdbcTemplate jdbc;

	RollupRebuild(BearerSchema schema, JdbcTemplate jdbc) {
		this.schema = schema;
		this.jdbc = jdbc;
	}

	/**
	 * Recomputes the rollups of {@code scope} from the raw rows the rollups cover: those
	 * up to {@code mark} and the writer's runs above it.
	 * @return the rows counted
	 */
	long run(Scope scope, long mark) {
		BearerDialect dialect = this.schema.dialect();
		Condition buckets = scope.rollups("bucket_start", day -> day * UsageRollups.SECONDS_PER_DAY);
		Condition hours = scope.rollups("hour_start", day -> day * UsageRollups.SECONDS_PER_DAY);
		Condition ips = scope.rollups("epoch_day", day -> day);
		Condition raw = scope
			.raw(day -> dialect.instantParameter(Instant.ofEpochSecond(day * UsageRollups.SECONDS_PER_DAY)));
		addToTotals("{rollup_totals}", List.of("token_id", "event"), "-sum(uses)", "{rollup_buckets}", buckets);
		addToTotals("{rollup_ip_totals}", List.of("token_id", "ip_address"), "-sum(uses)", "{rollup_ips}", ips);
		update("delete from {rollup_buckets} where " + buckets.sql(), buckets);
		update("delete from {rollup_hours} where " + hours.sql(), hours);
		update("delete from {rollup_ips} where " + ips.sql(), ips);
		String covered = " and " + RollupLedger.COUNTED + " and (a.id <= " + mark + " or " + RollupLedger.IN_RUN + ")";
		String second = dialect.epochSeconds("a.created_at");
		String bucket = dialect.quotient(second, UsageRollups.BUCKET_SECONDS) + " * " + UsageRollups.BUCKET_SECONDS;
		String bucketKey = "a.token_id, a.event, " + bucket;
		update("insert into {rollup_buckets} (token_id, event, bucket_start, uses) select " + bucketKey
				+ ", count(*) from {audit_logs} a where " + raw.sql() + covered + " group by " + bucketKey
				+ " order by " + bucketKey, raw);
		String ipKey = "a.token_id, " + dialect.quotient(second, UsageRollups.SECONDS_PER_DAY) + ", a.ip_address";
		update("insert into {rollup_ips} (token_id, epoch_day, ip_address, uses) select " + ipKey
				+ ", count(*) from {audit_logs} a where " + raw.sql() + covered + " and a.event = '"
				+ AuditEvent.AUTHENTICATED.code() + "' and a.ip_address is not null group by " + ipKey + " order by "
				+ ipKey, raw);
		String hourKey = "token_id, event, " + dialect.quotient("bucket_start", UsageRollups.SECONDS_PER_HOUR) + " * "
				+ UsageRollups.SECONDS_PER_HOUR;
		update("insert into {rollup_hours} (token_id, event, hour_start, uses) select " + hourKey
				+ ", sum(uses) from {rollup_buckets} where " + buckets.sql() + " group by " + hourKey + " order by "
				+ hourKey, buckets);
		addToTotals("{rollup_totals}", List.of("token_id", "event"), "sum(uses)", "{rollup_buckets}", buckets);
		addToTotals("{rollup_ip_totals}", List.of("token_id", "ip_address"), "sum(uses)", "{rollup_ips}", ips);
		Long counted = this.jdbc.queryForObject(
				this.schema.sql("select coalesce(sum(uses), 0) from {rollup_buckets} where " + buckets.sql()),
				Long.class, buckets.args());
		return (counted != null) ? counted : 0;
	}

	/**
	 * Adds {@code sum} of the {@code source} rows matching {@code where} to the totals
	 * {@code table}.
	 */
	private void addToTotals(String table, List<String> keys, String sum, String source, Condition where) {
		String columns = String.join(", ", keys);
		String select = "select " + columns + ", " + sum + " as uses from " + source + " where " + where.sql()
				+ " group by " + columns;
		update(this.schema.dialect().addingUpsertSelect(table, keys, "uses", select), where);
	}

	private void update(String template, Condition condition) {
		this.jdbc.update(this.schema.sql(template), condition.args());
	}

	/**
	 * The rows a rebuild recomputes: the tokens matching {@code tokens} (a condition on
	 * {@code token_id} that also reads as one on {@code a.token_id}, {@code tokenArgs}
	 * its parameters) from UTC day {@code firstDay} (days since the epoch) to before
	 * {@code endDay}, either {@code null} for no bound.
	 */
	record Scope(String tokens, Object[] tokenArgs, Long firstDay, Long endDay) {

		/** The same tokens from UTC day {@code day} on, or empty if no day is left. */
		Optional<Scope> from(long day) {
			long first = (this.firstDay != null) ? Math.max(this.firstDay, day) : day;
			if (this.endDay != null && first >= this.endDay) {
				return Optional.empty();
			}
			return Optional.of(new Scope(this.tokens, this.tokenArgs, first, this.endDay));
		}

		/**
		 * The condition on rollup rows, whose {@code column} holds {@code bound(day)}.
		 */
		Condition rollups(String column, LongFunction<Object> bound) {
			return within(this.tokens, column, bound);
		}

		/** The condition on raw rows {@code a}. */
		Condition raw(LongFunction<Object> instant) {
			return within("a." + this.tokens, "a.created_at", instant);
		}

		private Condition within(String tokens, String column, LongFunction<Object> bound) {
			StringBuilder sql = new StringBuilder(tokens);
			List<Object> args = new ArrayList<>(List.of(this.tokenArgs));
			if (this.firstDay != null) {
				sql.append(" and ").append(column).append(" >= ?");
				args.add(bound.apply(this.firstDay));
			}
			if (this.endDay != null) {
				sql.append(" and ").append(column).append(" < ?");
				args.add(bound.apply(this.endDay));
			}
			return new Condition(sql.toString(), args.toArray());
		}

	}

	/** An SQL condition and its positional parameters. */
	record Condition(String sql, Object[] args) {
	}

}
