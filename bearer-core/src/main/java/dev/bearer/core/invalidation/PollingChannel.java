package dev.bearer.core.invalidation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import dev.bearer.core.schedule.PeriodicTask;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.token.TokenLookupCache;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Token changes through the {@link BearerSchema#tokenChangesTable() token changes table},
 * for databases without a notification mechanism (MariaDB, MySQL, H2): a change is a row
 * inserted inside the changing transaction, and every node reads the rows past the last
 * id it has seen every poll interval. Ids are handed out before commit, so a row may
 * become visible after a higher one: a missing id is waited for up to
 * {@value #GAP_TIMEOUT_SECONDS} s (a rolled-back transaction leaves one for good). Rows
 * older than {@value #RETENTION_MINUTES} minutes are deleted.
 */
public final class PollingChannel implements CacheInvalidationChannel {

	private static final String INSERT = "insert into {token_changes} (token_hash, created_at) values (?, ?)";

	private static final String LATEST = "select max(id) from {token_changes}";

	private static final String SINCE = "select id, token_hash from {token_changes} where id > ? order by id";

	private static final String PRUNE = "delete from {token_changes} where created_at < ?";

	/** Most rows read by one poll. */
	private static final int BATCH = 1000;

	private static final int GAP_TIMEOUT_SECONDS = 10;

	private static final int RETENTION_MINUTES = 10;

	private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);

	private final BearerSchema schema;

	private final JdbcTemplate jdbc;

	private final JdbcTemplate reader;

	private final Duration pollInterval;

	private final Clock clock;

	private final ChannelHealth health;

	/** Ids past {@link #cursor} already evicted, with when they were first read. */
	private final TreeMap<Long, Long> applied = new TreeMap<>();

	/**
	 * Every id up to this one is evicted or given up; {@code null} before the first poll.
	 */
	private Long cursor;

	private long nextPruneNanos;

	private final PeriodicTask poller;

	/**
	 * A channel over the token changes table of {@code schema} that reads it every
	 * {@code pollInterval} and evicts from {@code cache}; rows are stamped by
	 * {@code clock}.
	 * @throws IllegalArgumentException if the poll interval is not positive
	 */
	public PollingChannel(BearerSchema schema, Duration pollInterval, Clock clock, TokenLookupCache cache) {
		if (pollInterval.isNegative() || pollInterval.isZero()) {
			throw new IllegalArgumentException("pollInterval must be positive (was " + pollInterval + ")");
		}
		this.schema = schema;
		this.jdbc = new JdbcTemplate(schema.dataSource());
		this.reader = new JdbcTemplate(schema.dataSource());
		this.reader.setMaxRows(BATCH);
		this.pollInterval = pollInterval;
		this.poller = new PeriodicTask("bearer-cache-invalidation", pollInterval, pollInterval, this::pollOnce);
		this.clock = clock;
		this.health = new ChannelHealth(name(), cache);
		this.nextPruneNanos = System.nanoTime();
	}

	@Override
	public String name() {
		return "poll";
	}

	/** Inserts a row for {@code tokenHash} in the caller's transaction. */
	@Override
	public void announce(String tokenHash) {
		Instant now = this.clock.instant();
		this.jdbc.update(this.schema.sql(INSERT), (statement) -> {
			statement.setString(1, tokenHash);
			this.schema.dialect().bindInstant(statement, 2, now);
		});
	}

	@Override
	public synchronized void start() {
		if (this.poller.isRunning()) {
			return;
		}
		pollOnce();
		this.poller.start();
	}

	/**
	 * Starts before the web server: the first poll, made by {@link #start()} itself,
	 * finds the database and connects the channel before any request can fill the cache,
	 * so the clearing that connecting does empties nothing.
	 */
	@Override
	public int getPhase() {
		return 0;
	}

	@Override
	public void stop() {
		this.poller.stop();
	}

	@Override
	public boolean isRunning() {
		return this.poller.isRunning();
	}

	@Override
	public boolean isConnected() {
		return this.health.isConnected();
	}

	@Override
	public long failures() {
		return this.health.failures();
	}

	@Override
	public long received() {
		return this.health.received();
	}

	private void pollOnce() {
		try {
			poll();
			this.health.connected();
			prune();
		}
		catch (RuntimeException ex) {
			this.health.failed("polling " + this.schema.tokenChangesTable(), ex);
		}
	}

	private void poll() {
		if (this.cursor == null) {
			Long latest = this.jdbc.queryForObject(this.schema.sql(LATEST), Long.class);
			this.cursor = (latest != null) ? latest : 0L;
			return;
		}
		List<Map.Entry<Long, String>> rows = this.reader.query(this.schema.sql(SINCE),
				(resultSet, rowNum) -> Map.entry(resultSet.getLong(1), resultSet.getString(2)), this.cursor);
		long now = System.nanoTime();
		for (Map.Entry<Long, String> row : rows) {
			if (this.applied.putIfAbsent(row.getKey(), now) == null) {
				this.health.received(row.getValue());
			}
		}
		advance(now);
	}

	/**
	 * Moves the cursor over the ids read in order, and over a missing id once the row
	 * after it has been read for longer than the gap timeout.
	 */
	private void advance(long now) {
		while (!this.applied.isEmpty()) {
			Map.Entry<Long, Long> first = this.applied.firstEntry();
			boolean next = first.getKey() == this.cursor + 1;
			boolean gapGivenUp = now - first.getValue() > TimeUnit.SECONDS.toNanos(GAP_TIMEOUT_SECONDS);
			if (!next && !gapGivenUp) {
				return;
			}
			this.cursor = first.getKey();
			this.applied.pollFirstEntry();
		}
	}

	private void prune() {
		long now = System.nanoTime();
		if (now - this.nextPruneNanos < 0) {
			return;
		}
		this.nextPruneNanos = now + PRUNE_INTERVAL.toNanos();
		Instant cutoff = this.clock.instant().minus(Duration.ofMinutes(RETENTION_MINUTES));
		this.jdbc.update(this.schema.sql(PRUNE),
				(statement) -> this.schema.dialect().bindInstant(statement, 1, cutoff));
	}

}
