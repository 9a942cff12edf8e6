package dev.bearer.core.audit;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import dev.bearer.core.schema.BearerSchema;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which audit rows the rollups hold: the mark (every request row with an id up to it is
 * counted) and the runs of ids above it that the writer has counted. Every method runs
 * inside the caller's transaction; {@link #lockMark()} serialises the writer, the
 * catch-up and rebuilds across nodes.
 */
final class RollupLedger {

	/** SQL condition: an audit row {@code a} whose kind the rollups hold. */
	static final String COUNTED = "a.token_id is not null and a.event in (" + quoted() + ")";

	/**
	 * {@link #COUNTED} in a form no index can serve, for statements that read a range of
	 * ids. Planning a partition whose statistics are out of date (a new month's, filled
	 * under load before it was analysed), PostgreSQL takes the condition on the event for
	 * a selective one and reads the whole event index to intersect it with the range: a
	 * cost per audit batch that grows with the table. Written this way only the primary
	 * key can find the rows.
	 */
	static final String COUNTED_IN_ID_ORDER = "coalesce(a.token_id, 0) > 0 and coalesce(a.event, '') in (" + quoted()
			+ ")";

	/**
	 * SQL condition: an audit row {@code a} in one of the writer's runs above the mark.
	 */
	static final String IN_RUN = "exists (select 1 from {rollup_ranges} r where a.id between r.first_id and r.last_id)";

	private final BearerSchema schema;

	private final JdbcTemplate jdbc;

	RollupLedger(BearerSchema schema, JdbcTemplate jdbc) {
		this.schema = schema;
		this.jdbc = jdbc;
	}

	/** Locks the mark row until the transaction ends and returns the mark. */
	long lockMark() {
		Long mark = this.jdbc.queryForObject(sql("select covered_id from {rollup_mark} where id = 1 for update"),
				Long.class);
		return (mark != null) ? mark : 0;
	}

	/** Moves the mark to {@code mark} and forgets the runs it has passed. */
	void moveMark(long mark) {
		this.jdbc.update(sql("update {rollup_mark} set covered_id = ? where id = 1"), mark);
		this.jdbc.update(sql("delete from {rollup_ranges} where last_id <= ?"), mark);
	}

	/** The keys among {@code keys} already stored in the audit table. */
	List<UUID> storedKeys(Collection<UUID> keys) {
		return this.jdbc.query(
				sql("select row_key from {audit_logs} where row_key in (" + placeholders(keys.size()) + ")"),
				statement -> bindKeys(statement, keys),
				(resultSet, row) -> this.schema.dialect().readUuid(resultSet, 1));
	}

	/** The ids of the audit rows with {@code keys}, ascending. */
	List<Long> idsOf(Collection<UUID> keys) {
		return this.jdbc.query(
				sql("select id from {audit_logs} where row_key in (" + placeholders(keys.size()) + ") order by id"),
				statement -> bindKeys(statement, keys), (resultSet, row) -> resultSet.getLong(1));
	}

	/**
	 * Records that the writer counted the rows with {@code ids} (ascending): moves the
	 * mark past them when no row it has not counted lies between, else keeps them as runs
	 * for the catch-up to skip.
	 */
	void written(long mark, List<Long> ids) {
		long first = ids.get(0);
		long last = ids.get(ids.size() - 1);
		if (nothingPendingBefore(mark, first) && countedBetween(first, last) == ids.size()) {
			moveMark(last);
			return;
		}
		List<long[]> runs = new ArrayList<>();
		long runStart = first;
		long previous = first;
		for (long id : ids.subList(1, ids.size())) {
			if (id != previous + 1) {
				runs.add(new long[] { runStart, previous });
				runStart = id;
			}
			previous = id;
		}
		runs.add(new long[] { runStart, previous });
		this.jdbc.batchUpdate(sql("insert into {rollup_ranges} (first_id, last_id) values (?, ?)"), runs, runs.size(),
				(statement, run) -> {
					statement.setLong(1, run[0]);
					statement.setLong(2, run[1]);
				});
	}

	private boolean nothingPendingBefore(long mark, long first) {
		Integer runs = this.jdbc.queryForObject(sql("select count(*) from {rollup_ranges}"), Integer.class);
		if (runs == null || runs > 0) {
			return false;
		}
		List<Long> next = this.jdbc.query(sql(
				"select a.id from {audit_logs} a where a.id > ? and " + COUNTED_IN_ID_ORDER + " order by a.id limit 1"),
				(resultSet, row) -> resultSet.getLong(1), mark);
		return next.isEmpty() || next.get(0) >= first;
	}

	private long countedBetween(long first, long last) {
		Long count = this.jdbc.queryForObject(
				sql("select count(*) from {audit_logs} a where a.id between ? and ? and " + COUNTED_IN_ID_ORDER),
				Long.class, first, last);
		return (count != null) ? count : 0;
	}

	private void bindKeys(PreparedStatement statement, Collection<UUID> keys) throws SQLException {
		int index = 1;
		for (UUID key : keys) {
			this.schema.dialect().bindUuid(statement, index++, key);
		}
	}

	private String sql(String template) {
		return this.schema.sql(template);
	}

	private static String placeholders(int count) {
		return String.join(", ", Collections.nCopies(count, "?"));
	}

	private static String quoted() {
		return String.join(", ", UsageRollups.EVENTS.stream().map(event -> "'" + event.code() + "'").sorted().toList());
	}

}
