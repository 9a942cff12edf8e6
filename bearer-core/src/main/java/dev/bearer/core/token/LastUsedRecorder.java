package dev.bearer.core.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bearer.core.schema.BearerDialect;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.schema.DatabaseFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps {@code last_used_at} current with at most one UPDATE per token per resolution
 * (zero: every use). Updates run on a background thread, never on the request thread, at
 * most one flush waits at a time (so a slow database cannot pile up tasks), and pending
 * ones are written on shutdown. Updates the database could not take (it was unreachable)
 * stay pending and are tried again after a backoff, so a use during an outage is recorded
 * once it ends. Between two updates, {@code last_used_at} may lag by up to the resolution
 * (plus the outage). It also remembers the latest use it saw of each token to the second
 * (the most recent 100,000 tokens), which idle expiry counts from
 * ({@link RecentTokenUses}): a token's memory is written at most once a second, so
 * requests of one busy token do not queue for the same lock.
 */
public class LastUsedRecorder implements DisposableBean, RecentTokenUses {

	private static final Logger logger = LoggerFactory.getLogger(LastUsedRecorder.class);

	private static final Duration INITIAL_RETRY_DELAY = Duration.ofMillis(100);

	private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(10);

	private static final String UPDATE = """
			update {tokens} set last_used_at = ?
			where id = ? and (last_used_at is null or last_used_at < ?)""";

	private final BearerSchema schema;

	private final JdbcTemplate jdbc;

	private final Duration resolution;

	private final Clock clock;

	private final Cache<Long, Instant> lastScheduled;

	private final Cache<Long, Instant> lastUses = Caffeine.newBuilder().maximumSize(100_000).build();

	private final Map<Long, Instant> pending = new ConcurrentHashMap<>();

	private final AtomicBoolean flushScheduled = new AtomicBoolean();

	private volatile Duration retryDelay = INITIAL_RETRY_DELAY;

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "bearer-last-used");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * A recorder that updates the tokens table of {@code schema} at most once per token
	 * per {@code resolution}.
	 */
	public LastUsedRecorder(BearerSchema schema, Duration resolution, Clock clock) {
		if (resolution == null || resolution.isNegative()) {
			throw new IllegalArgumentException("resolution must be zero or positive");
		}
		this.schema = schema;
		this.jdbc = new JdbcTemplate(schema.dataSource());
		this.resolution = resolution;
		this.clock = clock;
		this.lastScheduled = Caffeine.newBuilder()
			.expireAfterWrite(resolution.isZero() ? Duration.ofSeconds(1) : resolution)
			.maximumSize(100_000)
			.build();
	}

	/** Notes that token {@code tokenId} was used now. */
	public void recordUse(long tokenId) {
		Instant now = this.clock.instant();
		Instant seen = this.lastUses.getIfPresent(tokenId);
		if (seen == null || now.getEpochSecond() > seen.getEpochSecond()) {
			this.lastUses.asMap().merge(tokenId, now, LastUsedRecorder::later);
		}
		Instant previous = this.lastScheduled.getIfPresent(tokenId);
		if (previous != null && now.isBefore(previous.plus(this.resolution)) && !this.resolution.isZero()) {
			return;
		}
		this.lastScheduled.put(tokenId, now);
		this.pending.merge(tokenId, now, LastUsedRecorder::later);
		schedule(Duration.ZERO);
	}

	/** Runs a flush after {@code delay}, unless one is already waiting. */
	private void schedule(Duration delay) {
		if (this.flushScheduled.compareAndSet(false, true)) {
			try {
				this.executor.schedule(() -> {
					this.flushScheduled.set(false);
					flush();
				}, delay.toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException ex) {
				this.flushScheduled.set(false);
				logger.warn("last_used_at of {} tokens not recorded: the recorder has shut down", this.pending.size());
			}
		}
	}

	@Override
	public Instant lastUse(long tokenId) {
		return this.lastUses.getIfPresent(tokenId);
	}

	private static Instant later(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	/** Writes every pending update now. */
	public synchronized void flush() {
		List<Map.Entry<Long, Instant>> updates = new ArrayList<>();
		for (Long tokenId : List.copyOf(this.pending.keySet())) {
			Instant usedAt = this.pending.remove(tokenId);
			if (usedAt != null) {
				updates.add(Map.entry(tokenId, usedAt));
			}
		}
		if (updates.isEmpty()) {
			return;
		}
		try {
			BearerDialect dialect = this.schema.dialect();
			this.jdbc.batchUpdate(this.schema.sql(UPDATE), updates, updates.size(), (statement, update) -> {
				dialect.bindInstant(statement, 1, update.getValue());
				statement.setLong(2, update.getKey());
				dialect.bindInstant(statement, 3, update.getValue());
			});
		}
		catch (RuntimeException ex) {
			if (!DatabaseFailures.isUnreachable(ex)) {
				logger.error("The database refused to update last_used_at of {} tokens", updates.size(), ex);
				this.retryDelay = INITIAL_RETRY_DELAY;
				return;
			}
			updates.forEach(update -> this.pending.merge(update.getKey(), update.getValue(), LastUsedRecorder::later));
			Duration delay = this.retryDelay;
			this.retryDelay = (delay.multipliedBy(2).compareTo(MAX_RETRY_DELAY) > 0) ? MAX_RETRY_DELAY
					: delay.multipliedBy(2);
			logger.warn(
					"Could not update last_used_at of {} tokens, the database is unreachable; trying again in {}: {}",
					updates.size(), delay, ex.getMessage());
			schedule(delay);
			return;
		}
		this.retryDelay = INITIAL_RETRY_DELAY;
	}

	@Override
	public void destroy() throws InterruptedException {
		this.executor.shutdown();
		this.executor.awaitTermination(10, TimeUnit.SECONDS);
		flush();
	}

}
