package dev.bearer.core.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bearer.core.schema.BearerDialect;
import dev.bearer.core.schema.BearerSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps {@code last_used_at} current with at most one UPDATE per token per resolution
 * (zero: every use). Updates run on a background thread, never on the request thread, at
 * most one flush waits at a time (so a slow database cannot pile up tasks), and pending
 * ones are written on shutdown. Between two updates, {@code last_used_at} may lag by up
 * to the resolution.
 */
public class LastUsedRecorder implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(LastUsedRecorder.class);

	private static final String UPDATE = """
			update {tokens} set last_used_at = ?
			where id = ? and (last_used_at is null or last_used_at < ?)""";

	private final BearerSchema schema;

	private final JdbcTemplate jdbc;

	private final Duration resolution;

	private final Clock clock;

	private final Cache<Long, Instant> lastScheduled;

	private final Map<Long, Instant> pending = new ConcurrentHashMap<>();

	private final AtomicBoolean flushScheduled = new AtomicBoolean();

	private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
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
		Instant previous = this.lastScheduled.getIfPresent(tokenId);
		if (previous != null && now.isBefore(previous.plus(this.resolution)) && !this.resolution.isZero()) {
			return;
		}
		this.lastScheduled.put(tokenId, now);
		this.pending.merge(tokenId, now, (a, b) -> a.isAfter(b) ? a : b);
		if (this.flushScheduled.compareAndSet(false, true)) {
			try {
				this.executor.execute(() -> {
					this.flushScheduled.set(false);
					flush();
				});
			}
			catch (RejectedExecutionException ex) {
				this.flushScheduled.set(false);
				logger.warn("last_used_at of token {} not recorded: the recorder has shut down", tokenId);
			}
		}
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
			logger.warn("Could not update last_used_at of {} tokens; a use after the resolution updates them: {}",
					updates.size(), ex.getMessage());
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		this.executor.shutdown();
		this.executor.awaitTermination(10, TimeUnit.SECONDS);
		flush();
	}

}
