package dev.bearer.core.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import dev.bearer.core.schema.BearerSchema;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Request rows added up in memory before they reach the rollup tables, so a batch of
 * hundreds of rows becomes one upsert per token, event and 15-minute bucket, one per
 * token, event and UTC hour, one per token, IP and UTC day, and one per token total. Keys
 * are kept sorted, so concurrent upserts lock rows in the same order.
 */
final class RollupCounts {

	private static final Table BUCKETS = new Table("{rollup_buckets}", List.of("token_id", "event", "bucket_start"),
			List.of("bigint", "varchar(32)", "bigint"));

	private static final Table HOURS = new Table("{rollup_hours}", List.of("token_id", "event", "hour_start"),
			List.of("bigint", "varchar(32)", "bigint"));

	private static final Table IPS = new Table("{rollup_ips}", List.of("token_id", "epoch_day", "ip_address"),
			List.of("bigint", "bigint", "varchar(45)"));

	private static final Table TOTALS = new Table("{rollup_totals}", List.of("token_id", "event"),
			List.of("bigint", "varchar(32)"));

	private static final Table IP_TOTALS = new Table("{rollup_ip_totals}", List.of("token_id", "ip_address"),
			List.of("bigint", "varchar(45)"));

	private final Map<Key, Long> buckets = new TreeMap<>();

	private final Map<Key, Long> hours = new TreeMap<>();

	private final Map<Key, Long> ips = new TreeMap<>();

	private final Map<Key, Long> totals = new TreeMap<>();

	private final Map<Key, Long> ipTotals = new TreeMap<>();

	private long rows;

	/**
	 * Counts a row if the rollups hold its kind ({@link UsageRollups#counts}).
	 * @return whether it was counted
	 */
	boolean add(Long tokenId, AuditEvent event, String ipAddress, Instant createdAt) {
		if (!UsageRollups.counts(tokenId, event)) {
			return false;
		}
		long second = createdAt.getEpochSecond();
		long bucket = second - Math.floorMod(second, UsageRollups.BUCKET_SECONDS);
		this.buckets.merge(new Key(tokenId, event.code(), bucket), 1L, Long::sum);
		this.hours.merge(new Key(tokenId, event.code(), second - Math.floorMod(second, UsageRollups.SECONDS_PER_HOUR)),
				1L, Long::sum);
		this.totals.merge(new Key(tokenId, event.code(), 0), 1L, Long::sum);
		if (event == AuditEvent.AUTHENTICATED && ipAddress != null) {
			this.ips.merge(new Key(tokenId, ipAddress, Math.floorDiv(second, UsageRollups.SECONDS_PER_DAY)), 1L,
					Long::sum);
			this.ipTotals.merge(new Key(tokenId, ipAddress, 0), 1L, Long::sum);
		}
		this.rows++;
		return true;
	}

	/** The rows counted so far. */
	long rows() {
		return this.rows;
	}

	/** Adds the counts to the rollup tables and starts over. */
	void flush(BearerSchema schema, JdbcTemplate jdbc) {
		upsert(schema, jdbc, BUCKETS, this.buckets, (key) -> new Object[] { key.tokenId(), key.text(), key.number() });
		upsert(schema, jdbc, HOURS, this.hours, (key) -> new Object[] { key.tokenId(), key.text(), key.number() });
		upsert(schema, jdbc, IPS, this.ips, (key) -> new Object[] { key.tokenId(), key.number(), key.text() });
		upsert(schema, jdbc, TOTALS, this.totals, (key) -> new Object[] { key.tokenId(), key.text() });
		upsert(schema, jdbc, IP_TOTALS, this.ipTotals, (key) -> new Object[] { key.tokenId(), key.text() });
	}

	private static void upsert(BearerSchema schema, JdbcTemplate jdbc, Table table, Map<Key, Long> counts,
			Function<Key, Object[]> keyValues) {
		if (counts.isEmpty()) {
			return;
		}
		String sql = schema.sql(schema.dialect().addingUpsert(table.name(), table.keys(), table.types(), "uses"));
		jdbc.batchUpdate(sql, List.copyOf(counts.entrySet()), counts.size(), (statement, entry) -> {
			Object[] values = keyValues.apply(entry.getKey());
			for (int i = 0; i < values.length; i++) {
				statement.setObject(i + 1, values[i]);
			}
			statement.setLong(values.length + 1, entry.getValue());
		});
		counts.clear();
	}

	/** A rollup table: its name placeholder, key columns and their SQL types. */
	private record Table(String name, List<String> keys, List<String> types) {
	}

	/** A rollup key: a token, a text (event or IP) and a number (bucket or day). */
	private record Key(long tokenId, String text, long number) implements Comparable<Key> {

		@Override
		public int compareTo(Key other) {
			int byToken = Long.compare(this.tokenId, other.tokenId);
			if (byToken != 0) {
				return byToken;
			}
			int byText = this.text.compareTo(other.text);
			return (byText != 0) ? byText : Long.compare(this.number, other.number);
		}

	}

}
