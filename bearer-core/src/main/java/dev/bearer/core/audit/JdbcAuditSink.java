package dev.bearer.core.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.bearer.core.schema.BearerSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The {@code jdbc} audit driver: request rows wait in a bounded queue and one background
 * thread writes them in JDBC batches, off the request threads; lifecycle rows are written
 * at once inside the token change's transaction. Guarantees:
 * <ul>
 * <li>everything accepted is written when the application shuts down (within the shutdown
 * timeout);
 * <li>a row the database rejects is counted and logged, and the rest of its batch is
 * still written;
 * <li>while the database is unreachable, rows wait and are retried with backoff;
 * <li>when the queue is full the {@link OverflowPolicy} applies, and every dropped row is
 * counted in {@value AuditMeters#DROPPED} and logged;
 * <li>a lifecycle row commits with its change, and a rolled-back change leaves no row.
 * </ul>
 * {@link JdbcAuditSinkMetrics} publishes its counts to Micrometer.
 */
public class JdbcAuditSink implements AuditSink, SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(JdbcAuditSink.class);

	private static final Duration INITIAL_RETRY_BACKOFF = Duration.ofMillis(50);

	private final JdbcAuditWriter batches;

	private final JdbcAuditSinkSettings settings;

	private final BlockingQueue<AuditRecord> queue;

	private final AtomicLong written = new AtomicLong();

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final AtomicLong retries = new AtomicLong();

	private final List<BatchObserver> batchObservers = new CopyOnWriteArrayList<>();

	/**
	 * Rows accepted and not yet settled (written, rejected or dropped); {@link #flush}
	 * waits for zero.
	 */
	private final AtomicLong unsettled = new AtomicLong();

	private final Object settledSignal = new Object();

	/**
	 * {@link System#nanoTime()} when the database became unreachable, or 0 while it is
	 * reachable.
	 */
	private volatile long unreachableSinceNanos;

	/** {@link System#nanoTime()} of the last written batch, or 0 before the first. */
	private volatile long lastWriteNanos;

	private volatile boolean running;

	private volatile boolean accepting = true;

	private volatile long stopDeadlineNanos = Long.MAX_VALUE;

	private Thread writer;

	/** A writer into the audit log table of {@code schema}. */
	public JdbcAuditSink(BearerSchema schema, JdbcAuditSinkSettings settings) {
		this.settings = settings;
		this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
		this.batches = new JdbcAuditWriter(schema, new JdbcAuditWriter.Listener() {

			@Override
			public void written(int rows, long nanos) {
				JdbcAuditSink.this.written(rows, nanos);
			}

			@Override
			public void rejected(AuditRecord record, String why) {
				JdbcAuditSink.this.rejected(record, why);
			}

		});
	}

	@Override
	public void write(AuditRecord record) {
		if (!this.accepting) {
			drop(record, "the audit writer has shut down");
			return;
		}
		this.unsettled.incrementAndGet();
		boolean queued = (this.settings.overflowPolicy() == OverflowPolicy.BLOCK) ? offerWaiting(record)
				: this.queue.offer(record);
		if (!queued) {
			drop(record, "the audit queue is full (capacity " + this.settings.queueCapacity() + ")");
			settled(1);
		}
		else if (!this.accepting && this.queue.remove(record)) {
			drop(record, "the audit writer shut down while the row was queued");
			settled(1);
		}
	}

	/**
	 * Inserts the row at once, inside the current transaction, so it commits or rolls
	 * back with the token change it records; a failure to write it fails the change.
	 */
	@Override
	public void writeWithinTransaction(AuditRecord record) {
		this.batches.writeInCurrentTransaction(record);
		this.written.incrementAndGet();
	}

	@Override
	public boolean flush(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.settledSignal) {
			while (this.unsettled.get() > 0) {
				long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (remainingMillis <= 0) {
					return false;
				}
				try {
					this.settledSignal.wait(remainingMillis);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
		}
		return true;
	}

	/** Rows accepted but not yet written. */
	public int pending() {
		return this.queue.size();
	}

	/** The writer's state now: queue, counts, and whether it can reach the database. */
	public AuditWriterStatus status() {
		long now = System.nanoTime();
		long unreachableSince = this.unreachableSinceNanos;
		long lastWrite = this.lastWriteNanos;
		return new AuditWriterStatus(this.running, this.queue.size(), this.settings.queueCapacity(), this.written.get(),
				this.dropped.get(), this.failed.get(), this.retries.get(),
				(unreachableSince != 0) ? Duration.ofNanos(now - unreachableSince) : Duration.ZERO,
				(lastWrite != 0) ? Duration.ofNanos(now - lastWrite) : null);
	}

	/** Has {@code observer} told about every batch written from now on. */
	void observeBatches(BatchObserver observer) {
		this.batchObservers.add(observer);
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.stopDeadlineNanos = Long.MAX_VALUE;
		this.running = true;
		this.accepting = true;
		this.writer = new Thread(this::drainLoop, "bearer-audit-writer");
		this.writer.setDaemon(true);
		this.writer.start();
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.accepting = false;
		this.stopDeadlineNanos = System.nanoTime() + this.settings.shutdownTimeout().toNanos();
		this.running = false;
		this.writer.interrupt();
		try {
			this.writer.join(this.settings.shutdownTimeout().plusSeconds(1).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		List<AuditRecord> left = new ArrayList<>();
		this.queue.drainTo(left);
		left.forEach(record -> drop(record, "shutdown could not write it within " + this.settings.shutdownTimeout()));
		settled(left.size());
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops after the web server, so requests still in flight can queue their rows first.
	 */
	@Override
	public int getPhase() {
		return 0;
	}

	private void drainLoop() {
		while (true) {
			List<AuditRecord> batch = nextBatch();
			if (batch.isEmpty() && !this.running) {
				return;
			}
			try {
				if (!batch.isEmpty()) {
					writeWithRetry(batch);
				}
			}
			catch (RuntimeException ex) {
				this.failed.addAndGet(batch.size());
				logger.error("Could not write {} audit rows; the writer goes on with the next batch", batch.size(), ex);
			}
			finally {
				settled(batch.size());
			}
		}
	}

	/**
	 * Marks rows as written, rejected or dropped, and wakes {@link #flush} callers once
	 * none is left.
	 */
	private void settled(int rows) {
		if (rows > 0 && this.unsettled.addAndGet(-rows) == 0) {
			synchronized (this.settledSignal) {
				this.settledSignal.notifyAll();
			}
		}
	}

	/**
	 * The next rows to write: waits up to the flush interval for a first row while
	 * running, then takes what else is queued. Once stopping it only takes what is
	 * queued, so nothing accepted before {@link #stop()} is left behind.
	 */
	private List<AuditRecord> nextBatch() {
		List<AuditRecord> batch = new ArrayList<>(this.settings.batchSize());
		if (this.running) {
			AuditRecord first = pollUntilWokenOrFlushDue();
			if (first != null) {
				batch.add(first);
			}
			else if (this.running) {
				return batch;
			}
		}
		this.queue.drainTo(batch, this.settings.batchSize() - batch.size());
		return batch;
	}

	/**
	 * The first queued row within the flush interval, or {@code null} when none came or
	 * {@link #stop()} woke the writer.
	 */
	private AuditRecord pollUntilWokenOrFlushDue() {
		try {
			return this.queue.poll(this.settings.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			return null;
		}
	}

	/**
	 * Writes the batch, retrying while the database is unreachable; past the shutdown
	 * deadline the rest is dropped.
	 */
	private void writeWithRetry(List<AuditRecord> batch) {
		Duration backoff = INITIAL_RETRY_BACKOFF;
		List<AuditRecord> remaining = batch;
		while (true) {
			remaining = this.batches.write(remaining);
			if (remaining.isEmpty()) {
				return;
			}
			this.retries.incrementAndGet();
			if (this.unreachableSinceNanos == 0) {
				this.unreachableSinceNanos = System.nanoTime();
			}
			if (System.nanoTime() + backoff.toNanos() > this.stopDeadlineNanos) {
				remaining.forEach(record -> drop(record, "the database stayed unreachable through shutdown"));
				return;
			}
			pause(backoff);
			backoff = backoff.multipliedBy(2);
			if (backoff.compareTo(this.settings.maxRetryBackoff()) > 0) {
				backoff = this.settings.maxRetryBackoff();
			}
		}
	}

	private void written(int rows, long nanos) {
		this.unreachableSinceNanos = 0;
		this.lastWriteNanos = System.nanoTime();
		this.written.addAndGet(rows);
		this.batchObservers.forEach(observer -> observer.batchWritten(rows, nanos));
	}

	private void rejected(AuditRecord record, String why) {
		this.failed.incrementAndGet();
		logger.error("An audit row was rejected ({} for token {} at {}): {}", record.event().code(), record.tokenId(),
				record.createdAt(), why);
	}

	private boolean offerWaiting(AuditRecord record) {
		try {
			return this.queue.offer(record, this.settings.offerTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void drop(AuditRecord record, String why) {
		this.dropped.incrementAndGet();
		logger.warn("Dropped audit row ({} for token {} at {}): {}", record.event().code(), record.tokenId(),
				record.createdAt(), why);
	}

	/**
	 * Sleeps between retries. {@link #stop()} interrupts the writer to wake it; the
	 * interrupt is consumed here so the caller re-checks the shutdown deadline at once.
	 */
	private static void pause(Duration duration) {
		LockSupport.parkNanos(duration.toNanos());
		Thread.interrupted();
	}

	/** Observes every batch the writer writes (for metrics). */
	@FunctionalInterface
	interface BatchObserver {

		/** A batch of {@code rows} rows was written in {@code nanos} nanoseconds. */
		void batchWritten(int rows, long nanos);

	}

}
