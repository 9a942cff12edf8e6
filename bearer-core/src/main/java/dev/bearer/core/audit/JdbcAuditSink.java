package dev.bearer.core.audit;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <li>while the database is unreachable, rows wait and are retried with backoff; with a
 * spool ({@link JdbcAuditSinkSettings#spoolDirectory()}) they wait on local disk instead,
 * so an outage costs no memory and a restart loses nothing, and they are written once the
 * database is back (or by the next run);
 * <li>each row is written once: it carries a key chosen when it is accepted, and a
 * retried or replayed write skips a key already stored;
 * <li>when the queue is full (and the spool too) the {@link OverflowPolicy} applies, and
 * every dropped row is counted in {@value AuditMeters#DROPPED} and logged;
 * <li>a lifecycle row commits with its change, and a rolled-back change leaves no row.
 * </ul>
 * {@link JdbcAuditSinkMetrics} publishes its counts to Micrometer.
 */
public class JdbcAuditSink implements AuditSink, SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(JdbcAuditSink.class);

	private static final Duration INITIAL_RETRY_BACKOFF = Duration.ofMillis(50);

	private static final Duration SPOOLER_PAUSE = Duration.ofMillis(20);

	private static final long STUCK_MILLIS = 1000;

	/** How often a lingering writer looks whether its batch is full. */
	private static final long LINGER_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

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

	private final AtomicInteger flushWaiters = new AtomicInteger();

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

	/**
	 * {@link System#nanoTime()} when the running database write began, or 0 between
	 * writes.
	 */
	private volatile long attemptStartedNanos;

	private final AuditSpool spool;

	/**
	 * Rows of the current spool segment already written, when a replay was interrupted.
	 */
	private long replayedOfSegment;

	private Path replayingSegment;

	/**
	 * {@link System#nanoTime()} before which the writer does not try the database again.
	 */
	private long nextAttemptNanos;

	private Duration backoff = INITIAL_RETRY_BACKOFF;

	private Thread writer;

	private volatile Thread spooler;

	/** A writer into the audit log table of {@code schema}. */
	public JdbcAuditSink(BearerSchema schema, JdbcAuditSinkSettings settings) {
		this.settings = settings;
		this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
		this.spool = (settings.spoolDirectory() != null)
				? new AuditSpool(settings.spoolDirectory(), settings.spoolMaxBytes()) : null;
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
		boolean queued = this.queue.offer(record) || waitForRoom(record);
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
		this.flushWaiters.incrementAndGet();
		try {
			return awaitSettled(deadline);
		}
		finally {
			this.flushWaiters.decrementAndGet();
		}
	}

	private boolean awaitSettled(long deadline) {
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

	/**
	 * {@code false} when the policy is {@link OverflowPolicy#REJECT} and neither the
	 * queue nor the spool has room.
	 */
	@Override
	public boolean hasRoom() {
		if (this.settings.overflowPolicy() != OverflowPolicy.REJECT || this.queue.remainingCapacity() > 0) {
			return true;
		}
		return this.spool != null && this.running && this.spool.hasRoom();
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
				(lastWrite != 0) ? Duration.ofNanos(now - lastWrite) : null,
				(this.spool != null) ? this.spool.rows() : 0, (this.spool != null) ? this.spool.bytes() : 0);
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
		if (this.spool != null) {
			long waiting = this.spool.open();
			this.unsettled.addAndGet(waiting);
		}
		this.running = true;
		this.accepting = true;
		this.writer = new Thread(this::drainLoop, "bearer-audit-writer");
		this.writer.setDaemon(true);
		this.writer.start();
		if (this.spool != null) {
			this.spooler = new Thread(this::spoolLoop, "bearer-audit-spooler");
			this.spooler.setDaemon(true);
			this.spooler.start();
		}
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
			if (this.spooler != null) {
				this.spooler.interrupt();
				this.spooler.join(this.settings.shutdownTimeout().plusSeconds(1).toMillis());
			}
			this.writer.join(this.settings.shutdownTimeout().plusSeconds(1).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		List<AuditRecord> left = new ArrayList<>();
		this.queue.drainTo(left);
		int kept = (this.spool != null) ? spoolAtMost(left) : 0;
		left.subList(kept, left.size())
			.forEach(record -> drop(record, "shutdown could not write it within " + this.settings.shutdownTimeout()));
		settled(left.size() - kept);
		if (this.spool != null) {
			long handedOver = this.spool.rows();
			this.spool.close();
			settled(handedOver);
		}
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
			try {
				replaySpoolWhenDue();
			}
			catch (RuntimeException ex) {
				logger.error("Could not write the audit spool to the database; it is tried again later", ex);
				unreachable();
			}
			List<AuditRecord> batch = nextBatch();
			if (batch.isEmpty() && !this.running) {
				return;
			}
			try {
				if (!batch.isEmpty()) {
					deliver(batch);
				}
			}
			catch (RuntimeException ex) {
				this.failed.addAndGet(batch.size());
				settled(batch.size());
				logger.error("Could not write {} audit rows; the writer goes on with the next batch", batch.size(), ex);
			}
		}
	}

	/**
	 * Writes {@code batch} to the database, or, with a spool, to the spool when the
	 * database is known to be away or turns out to be. Rows are settled when written or
	 * rejected; spooled rows settle when the spool is written.
	 */
	private void deliver(List<AuditRecord> batch) {
		if (this.spool != null && this.unreachableSinceNanos != 0) {
			spoolOrRetry(batch);
			return;
		}
		List<AuditRecord> remaining = writeAndSettle(batch);
		if (remaining.isEmpty()) {
			return;
		}
		if (this.spool != null) {
			spoolOrRetry(remaining);
		}
		else {
			writeWithRetry(remaining);
		}
	}

	/** Spools what fits; what does not waits for the database as without a spool. */
	private void spoolOrRetry(List<AuditRecord> rows) {
		int kept = spoolAtMost(rows);
		if (kept < rows.size()) {
			writeWithRetry(rows.subList(kept, rows.size()));
		}
	}

	/**
	 * Appends what fits of {@code rows} to the spool.
	 * @return how many of the first rows the spool took
	 */
	private int spoolAtMost(List<AuditRecord> rows) {
		try {
			return this.spool.append(rows, (record, why) -> {
				rejected(record, why);
				settled(1);
			});
		}
		catch (UncheckedIOException ex) {
			logger.error("Could not spool {} audit rows", rows.size(), ex);
			return 0;
		}
	}

	/**
	 * Writes the oldest spool segment when the database may be reachable: at once while
	 * it is, after the backoff while it is not (each attempt is the outage's probe).
	 */
	private void replaySpoolWhenDue() {
		if (this.spool == null || this.spool.isEmpty()
				|| (this.unreachableSinceNanos != 0 && System.nanoTime() < this.nextAttemptNanos)) {
			return;
		}
		AuditSpool.Segment segment = this.spool.oldest();
		if (segment == null) {
			return;
		}
		if (!segment.path().equals(this.replayingSegment)) {
			this.replayingSegment = segment.path();
			this.replayedOfSegment = 0;
		}
		List<AuditRecord> records = segment.records();
		int writtenNow = 0;
		while (this.replayedOfSegment < records.size()) {
			List<AuditRecord> chunk = records.subList((int) this.replayedOfSegment,
					(int) Math.min(records.size(), this.replayedOfSegment + this.settings.batchSize()));
			List<AuditRecord> remaining = attempt(chunk);
			this.replayedOfSegment += chunk.size() - remaining.size();
			writtenNow += chunk.size() - remaining.size();
			if (!remaining.isEmpty()) {
				unreachable();
				settled(writtenNow);
				return;
			}
			reachable();
		}
		if (segment.unreadable() > 0) {
			this.dropped.addAndGet(segment.unreadable());
			logger.warn("Dropped {} audit rows of spool segment {} that could not be read back (a process stopped "
					+ "while appending them)", segment.unreadable(), segment.path());
		}
		this.spool.remove(segment);
		settled(writtenNow + segment.unreadable());
		this.replayingSegment = null;
		this.replayedOfSegment = 0;
	}

	/**
	 * Moves rows from the queue to the spool while the queue is more than half full, and
	 * all of them while the database is known to be away or the writer has been waiting
	 * on it for longer than a second (for a connection the pool cannot make, say): the
	 * queue must not overflow meanwhile, and rows on disk survive a crash.
	 */
	private void spoolLoop() {
		int highWater = Math.max(1, this.settings.queueCapacity() / 2);
		while (this.running) {
			LockSupport.parkNanos(SPOOLER_PAUSE.toNanos());
			while (this.running && this.spool.hasRoom() && !this.queue.isEmpty()
					&& (this.queue.size() >= highWater || writerIsWaitingOnTheDatabase())) {
				List<AuditRecord> rows = new ArrayList<>(this.settings.batchSize());
				this.queue.drainTo(rows, this.settings.batchSize());
				int kept = spoolAtMost(rows);
				requeue(rows.subList(kept, rows.size()));
			}
		}
	}

	private boolean writerIsWaitingOnTheDatabase() {
		long attemptStarted = this.attemptStartedNanos;
		return this.unreachableSinceNanos != 0
				|| (attemptStarted != 0 && System.nanoTime() - attemptStarted > STUCK_MILLIS * 1_000_000);
	}

	/** Puts rows the spool could not take back in the queue, waiting for room. */
	private void requeue(List<AuditRecord> rows) {
		for (AuditRecord record : rows) {
			boolean queued = false;
			while (!queued && this.running) {
				queued = offerWaiting(record);
			}
			if (!queued) {
				drop(record, "the audit writer shut down while the spool was full");
				settled(1);
			}
		}
	}

	/**
	 * Writes {@code rows} to the database, noting when the attempt began for the spooler.
	 */
	private List<AuditRecord> attempt(List<AuditRecord> rows) {
		this.attemptStartedNanos = System.nanoTime();
		try {
			return this.batches.write(rows);
		}
		finally {
			this.attemptStartedNanos = 0;
		}
	}

	private void reachable() {
		this.unreachableSinceNanos = 0;
		this.backoff = INITIAL_RETRY_BACKOFF;
	}

	/** Notes a failed attempt and when to try again. */
	private void unreachable() {
		this.retries.incrementAndGet();
		if (this.unreachableSinceNanos == 0) {
			this.unreachableSinceNanos = System.nanoTime();
		}
		this.nextAttemptNanos = System.nanoTime() + this.backoff.toNanos();
		this.backoff = this.backoff.multipliedBy(2);
		if (this.backoff.compareTo(this.settings.maxRetryBackoff()) > 0) {
			this.backoff = this.settings.maxRetryBackoff();
		}
	}

	/**
	 * Marks rows as written, rejected or dropped (or, at shutdown, left in the spool for
	 * the next run), and wakes {@link #flush} callers once none is left.
	 */
	private void settled(long rows) {
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
				lingerUntilFullOrDue(System.nanoTime() + this.settings.flushInterval().toNanos());
			}
			else if (this.running) {
				return batch;
			}
		}
		this.queue.drainTo(batch, this.settings.batchSize() - batch.size());
		return batch;
	}

	/**
	 * Lets a batch fill: waits until a whole batch is queued behind the row taken, the
	 * flush interval since that row has passed, {@link #flush} is waiting, or
	 * {@link #stop()} woke the writer (its interrupt is consumed here). Under load
	 * batches are full, so each row costs the database a share of one statement and one
	 * commit; at a trickle a row waits at most the flush interval.
	 */
	private void lingerUntilFullOrDue(long dueNanos) {
		while (this.running && this.flushWaiters.get() == 0 && this.queue.size() < this.settings.batchSize() - 1) {
			long left = dueNanos - System.nanoTime();
			if (left <= 0 || Thread.interrupted()) {
				return;
			}
			LockSupport.parkNanos(Math.min(left, LINGER_STEP_NANOS));
		}
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
	 * Writes the rows, retrying while the database is unreachable; past the shutdown
	 * deadline the rest is dropped. Every row is settled when it returns.
	 */
	private void writeWithRetry(List<AuditRecord> rows) {
		List<AuditRecord> remaining = rows;
		while (true) {
			pause(Duration.ofNanos(Math.max(0, this.nextAttemptNanos - System.nanoTime())));
			if (System.nanoTime() > this.stopDeadlineNanos) {
				remaining.forEach(record -> drop(record, "the database stayed unreachable through shutdown"));
				settled(remaining.size());
				return;
			}
			remaining = writeAndSettle(remaining);
			if (remaining.isEmpty()) {
				return;
			}
		}
	}

	/**
	 * Writes {@code rows} to the database and settles those written or rejected (after
	 * noting whether the database answered, so a {@link #flush} caller sees the outcome).
	 * @return the rows that found the database unreachable
	 */
	private List<AuditRecord> writeAndSettle(List<AuditRecord> rows) {
		List<AuditRecord> remaining = attempt(rows);
		if (remaining.isEmpty()) {
			reachable();
		}
		else {
			unreachable();
		}
		settled(rows.size() - remaining.size());
		return remaining;
	}

	private void written(int rows, long nanos) {
		this.lastWriteNanos = System.nanoTime();
		this.written.addAndGet(rows);
		this.batchObservers.forEach(observer -> observer.batchWritten(rows, nanos));
	}

	private void rejected(AuditRecord record, String why) {
		this.failed.incrementAndGet();
		logger.error("An audit row was rejected ({} for token {} at {}): {}", record.event().code(), record.tokenId(),
				record.createdAt(), why);
	}

	/**
	 * Finds room for a row the full queue refused: with a running spool the row is
	 * appended to it on this thread (and the spooler is woken to empty the queue);
	 * otherwise, unless the policy is {@link OverflowPolicy#DROP}, the row waits up to
	 * the offer timeout for room in the queue.
	 */
	private boolean waitForRoom(AuditRecord record) {
		Thread spooler = this.spooler;
		if (spooler != null && this.running && this.spool.hasRoom()) {
			LockSupport.unpark(spooler);
			if (spoolAtMost(List.of(record)) == 1) {
				return true;
			}
		}
		return this.settings.overflowPolicy() != OverflowPolicy.DROP && offerWaiting(record);
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
