package dev.bearer.spring.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Scheduler;
import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.audit.AuditRecord;
import dev.bearer.core.audit.AuditSink;
import dev.bearer.core.token.AuthenticationFailureReason;
import dev.bearer.core.usage.UsageQueryService;

import org.springframework.context.SmartLifecycle;

/**
 * Audits the requests the failure budget refused without a lookup: instead of a row each,
 * one {@code failed} row per client IP and window (reason {@code budget_exhausted}, the
 * window's first refused request's time and user agent) whose {@value #ATTEMPTS} metadata
 * counts them. A row is handed to the {@link AuditSink} when its window closes, when its
 * tally is evicted (at most {@code maximumSize} clients are counted at once), on
 * {@link #flush()}, and when the application stops (after the web server, before the
 * audit sink), so no refused request goes uncounted. Windows are aligned to the epoch,
 * like {@link dev.bearer.spring.ratelimit.LocalFailureBudget}'s.
 */
public final class FailureBudgetAuditor implements SmartLifecycle {

	/** Metadata key of the window's length in seconds. */
	public static final String WINDOW_SECONDS = "window_seconds";

	/**
	 * Stops after the web server (so no request is refused any more) and before the sink.
	 */
	private static final int PHASE = Integer.MAX_VALUE / 2;

	private final AuditSink sink;

	private final Clock clock;

	private final Duration window;

	private final Cache<Window, Tally> tallies;

	private final AtomicLong pending = new AtomicLong();

	private final AtomicLong rows = new AtomicLong();

	private volatile boolean running;

	/**
	 * An auditor writing to {@code sink}, one row per client and {@code window}, counting
	 * at most {@code maximumSize} clients at once.
	 */
	public FailureBudgetAuditor(AuditSink sink, Duration window, long maximumSize, Clock clock) {
		if (window.toMillis() < 1) {
			throw new IllegalArgumentException("window must be at least one millisecond (was " + window + ")");
		}
		this.sink = sink;
		this.clock = clock;
		this.window = window;
		this.tallies = Caffeine.newBuilder()
			.ticker(() -> nanos(clock.instant()))
			.expireAfter(new UntilWindowEnds())
			.maximumSize(maximumSize)
			.executor(Runnable::run)
			.scheduler(Scheduler.systemScheduler())
			.<Window, Tally>removalListener((key, tally, cause) -> write(key, tally))
			.build();
	}

	/** Counts one request of {@code clientIp} that the failure budget refused. */
	public void refused(String clientIp, String userAgent) {
		Instant now = this.clock.instant();
		Window key = new Window(clientIp, Math.floorDiv(now.toEpochMilli(), this.window.toMillis()));
		while (!this.tallies.get(key, window -> new Tally(now, userAgent)).add()) {
			Thread.onSpinWait();
		}
		this.pending.incrementAndGet();
	}

	/** Hands every open window's row to the audit sink now. */
	public void flush() {
		this.tallies.invalidateAll();
		this.tallies.cleanUp();
	}

	/** Refused requests counted whose row has not been handed to the sink yet. */
	public long pending() {
		return this.pending.get();
	}

	/** Rows handed to the sink so far. */
	public long rows() {
		return this.rows.get();
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		flush();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private void write(Window key, Tally tally) {
		long attempts = tally.close();
		if (attempts == 0) {
			return;
		}
		this.pending.addAndGet(-attempts);
		this.sink.write(
				new AuditRecord(null, AuditEvent.FAILED, key.clientIp(), tally.userAgent(),
						Map.of("reason", AuthenticationFailureReason.BUDGET_EXHAUSTED.code(),
								UsageQueryService.ATTEMPTS, attempts, WINDOW_SECONDS, this.window.toSeconds()),
						tally.firstAt()));
		this.rows.incrementAndGet();
	}

	private static long nanos(Instant instant) {
		return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
	}

	/**
	 * One client's window.
	 *
	 * @param clientIp the client IP
	 * @param index the window's number since the epoch
	 */
	private record Window(String clientIp, long index) {
	}

	/** Expires a tally when its window ends. */
	private final class UntilWindowEnds implements Expiry<Window, Tally> {

		@Override
		public long expireAfterCreate(Window key, Tally tally, long currentTime) {
			long endNanos = (key.index() + 1) * FailureBudgetAuditor.this.window.toMillis() * 1_000_000L;
			return Math.max(0, endNanos - currentTime);
		}

		@Override
		public long expireAfterUpdate(Window key, Tally tally, long currentTime, long currentDuration) {
			return currentDuration;
		}

		@Override
		public long expireAfterRead(Window key, Tally tally, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

	/** The refused requests of one client's window, until its row is written. */
	private static final class Tally {

		private final Instant firstAt;

		private final String userAgent;

		private long attempts;

		private boolean closed;

		private Tally(Instant firstAt, String userAgent) {
			this.firstAt = firstAt;
			this.userAgent = userAgent;
		}

		/** Counts one request, unless the row was already written. */
		synchronized boolean add() {
			if (this.closed) {
				return false;
			}
			this.attempts++;
			return true;
		}

		/** Closes the tally and returns what it counted. */
		synchronized long close() {
			this.closed = true;
			long counted = this.attempts;
			this.attempts = 0;
			return counted;
		}

		Instant firstAt() {
			return this.firstAt;
		}

		String userAgent() {
			return this.userAgent;
		}

	}

}
