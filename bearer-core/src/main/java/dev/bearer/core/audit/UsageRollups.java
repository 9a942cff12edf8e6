package dev.bearer.core.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import dev.bearer.core.schema.BearerSchema;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the usage rollups complete for audit rows that did not come through the audit
 * writer (an import, a restore, rows written before the rollups existed): a catch-up that
 * adds the rows above the mark the writer has not counted, and rebuilds that recompute
 * the rollups of one token, one owner or a range of UTC days from the raw rows the
 * rollups cover (those up to the mark and the writer's runs above it; the catch-up adds
 * the rest), or of everything from all rows, with {@code insert ... select ... group by}
 * inside the database. With a retention (raw or rollup), a rebuild replaces only the
 * rollups of the UTC days from the first whole day the retentions keep on: older rollups
 * answer for raw rows the retention has removed and stay as they are. Each step locks the
 * mark row, so the writer, catch-ups and rebuilds on any node never count a row twice.
 * See {@code docs/usage-analytics.md}.
 */
public final class UsageRollups {

	/** Events the rollups count: {@code authenticated} and the refusals. */
	public static final Set<AuditEvent> EVENTS;

	static {
		Set<AuditEvent> events = EnumSet.copyOf(AuditEvent.FAILURES);
		events.add(AuditEvent.AUTHENTICATED);
		EVENTS = Collections.unmodifiableSet(events);
	}

	/** Seconds in a rollup bucket: 15 minutes. */
	public static final int BUCKET_SECONDS = 900;

	/** Seconds in an hour, the period of the coarser rollup tier. */
	public static final int SECONDS_PER_HOUR = 3_600;

	/** Seconds in a UTC day, the period of the per-IP rollup. */
	public static final int SECONDS_PER_DAY = 86_400;

	/** Audit rows a catch-up step reads at a time. */
	public static final int DEFAULT_CHUNK_ROWS = 10_000;

	/** A condition on {@code token_id} that every counted row meets. */
	private static final String ALL_TOKENS = "token_id is not null";

	private static final String ROWS = "select a.id, a.token_id, a.event, a.ip_address, a.created_at from {audit_logs} a";

	private final BearerSchema schema;

	private final JdbcTemplate jdbc;

	private final TransactionOperations transactions;

	private final RollupLedger ledger;

	private final RollupRebuild rebuild;

	private final int chunkRows;

	private final AuditMaintenanceSettings retention;

	private final Clock clock;

	/**
	 * Rollups of {@code schema}'s audit table, read {@value #DEFAULT_CHUNK_ROWS} rows at
	 * a time, without retention.
	 */
	public UsageRollups(BearerSchema schema) {
		this(schema, DEFAULT_CHUNK_ROWS);
	}

	/**
	 * Rollups of {@code schema}'s audit table, the catch-up reading {@code chunkRows}
	 * rows at a time (one transaction per chunk), without retention.
	 */
	public UsageRollups(BearerSchema schema, int chunkRows) {
		this(schema, chunkRows, AuditMaintenanceSettings.DEFAULTS, Clock.systemUTC());
	}

	/**
	 * Rollups of {@code schema}'s audit table whose rows and rollups are kept as
	 * {@code retention} says: rebuilds leave alone the days whose raw rows the retention
	 * may have removed, timed by {@code clock}.
	 */
	public UsageRollups(BearerSchema schema, AuditMaintenanceSettings retention, Clock clock) {
		this(schema, DEFAULT_CHUNK_ROWS, retention, clock);
	}

	/**
	 * Rollups of {@code schema}'s audit table, the catch-up reading {@code chunkRows}
	 * rows at a time, rows and rollups kept as {@code retention} says, timed by
	 * {@code clock}.
	 */
	public UsageRollups(BearerSchema schema, int chunkRows, AuditMaintenanceSettings retention, Clock clock) {
		this.schema = Objects.requireNonNull(schema, "schema must not be null");
		if (chunkRows < 1 || chunkRows > 1_000_000) {
			throw new IllegalArgumentException("chunkRows must be between 1 and 1000000, was " + chunkRows);
		}
		this.retention = Objects.requireNonNull(retention, "retention must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.jdbc = new JdbcTemplate(schema.dataSource());
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(schema.dataSource()));
		this.ledger = new RollupLedger(schema, this.jdbc);
		this.rebuild = new RollupRebuild(schema, this.jdbc);
		this.chunkRows = chunkRows;
	}

	/** Whether the rollups count a row of {@code event} for {@code tokenId}. */
	static boolean counts(Long tokenId, AuditEvent event) {
		return tokenId != null && EVENTS.contains(event);
	}

	/**
	 * Adds every request row above the mark that the writer has not counted, a chunk per
	 * transaction, until the mark reaches the newest row.
	 * @return the rows added
	 */
	public long catchUp() {
		long added = 0;
		long step;
		while ((step = catchUpChunk()) >= 0) {
			added += step;
		}
		return added;
	}

	/**
	 * Recomputes every rollup from all raw rows (with a retention: of the days it keeps
	 * whole), in one transaction, and moves the mark to the newest row: nothing is left
	 * to the catch-up.
	 * @return the rows counted
	 */
	public long rebuildAll() {
		return rebuild(new RollupRebuild.Scope(ALL_TOKENS, new Object[0], null, null), true);
	}

	/**
	 * Recomputes the rollups of one token from its raw rows, in one transaction.
	 * @return the rows counted
	 */
	public long rebuildToken(long tokenId) {
		return rebuild(new RollupRebuild.Scope("token_id = ?", new Object[] { tokenId }, null, null), false);
	}

	/**
	 * Recomputes the rollups of all tokens of the owner {@code ownerType}/{@code ownerId}
	 * (a {@code TokenOwner}'s {@code type()} and {@code id()}) from their raw rows, in
	 * one transaction.
	 * @return the rows counted
	 */
	public long rebuildOwner(String ownerType, String ownerId) {
		Objects.requireNonNull(ownerType, "ownerType must not be null");
		Objects.requireNonNull(ownerId, "ownerId must not be null");
		return rebuild(
				new RollupRebuild.Scope("token_id in (select id from {tokens} where owner_type = ? and owner_id = ?)",
						new Object[] { ownerType, ownerId }, null, null),
				false);
	}

	/**
	 * Recomputes the rollups of the UTC days touched by {@code [from, to)} (widened to
	 * whole UTC days, the period of the per-IP rollup) from the raw rows, in one
	 * transaction.
	 * @return the rows counted
	 */
	public long rebuild(Instant from, Instant to) {
		Objects.requireNonNull(from, "from must not be null");
		Objects.requireNonNull(to, "to must not be null");
		if (!from.isBefore(to)) {
			throw new IllegalArgumentException("from must be before to, was " + from + " and " + to);
		}
		long firstDay = Math.floorDiv(from.getEpochSecond(), SECONDS_PER_DAY);
		long endDay = Math.floorDiv(to.minusNanos(1).getEpochSecond(), SECONDS_PER_DAY) + 1;
		return rebuild(new RollupRebuild.Scope(ALL_TOKENS, new Object[0], firstDay, endDay), false);
	}

	/**
	 * Recomputes {@code scope} under the mark's lock; with {@code everything}, first
	 * moves the mark to the newest row.
	 */
	private long rebuild(RollupRebuild.Scope scope, boolean everything) {
		Long counted = this.transactions.execute(status -> {
			long mark = this.ledger.lockMark();
			if (everything) {
				Long newest = this.jdbc.queryForObject(sql("select max(id) from {audit_logs}"), Long.class);
				mark = Math.max(mark, (newest != null) ? newest : 0);
				this.ledger.moveMark(mark);
			}
			Optional<RollupRebuild.Scope> kept = firstKeptDay().map(scope::from).orElse(Optional.of(scope));
			return kept.isPresent() ? this.rebuild.run(kept.get(), mark) : 0L;
		});
		return (counted != null) ? counted : 0;
	}

	/**
	 * The first UTC day (days since the epoch) whose raw rows and rollups the retentions
	 * keep whole, or empty when both are kept forever: the first day starting at or after
	 * now minus the shorter retention.
	 */
	private Optional<Long> firstKeptDay() {
		Duration kept = Stream.of(this.retention.retention(), this.retention.rollupRetention())
			.filter(Objects::nonNull)
			.min(Comparator.naturalOrder())
			.orElse(null);
		if (kept == null) {
			return Optional.empty();
		}
		long cutoff = this.clock.instant().minus(kept).getEpochSecond();
		return Optional.of(-Math.floorDiv(-cutoff, SECONDS_PER_DAY));
	}

	/** Adds one chunk above the mark; -1 when there is nothing above it. */
	private long catchUpChunk() {
		Long added = this.transactions.execute(status -> {
			long mark = this.ledger.lockMark();
			Long upTo = this.jdbc
				.queryForObject(sql("select max(id) from (select id from {audit_logs} where id > ? order by id limit "
						+ this.chunkRows + ") chunk"), Long.class, mark);
			if (upTo == null) {
				return -1L;
			}
			RollupCounts counts = new RollupCounts();
			this.jdbc.query(sql(ROWS + " where a.id > ? and a.id <= ? and " + RollupLedger.COUNTED_IN_ID_ORDER
					+ " and not " + RollupLedger.IN_RUN), (resultSet) -> {
						counts.add(resultSet.getLong(2), AuditEvent.fromCode(resultSet.getString(3)),
								resultSet.getString(4), this.schema.dialect().readInstant(resultSet, 5));
					}, mark, upTo);
			counts.flush(this.schema, this.jdbc);
			this.ledger.moveMark(upTo);
			return counts.rows();
		});
		return (added != null) ? added : -1;
	}

	private String sql(String template) {
		return this.schema.sql(template);
	}

}
