package dev.bearer.core.audit;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.bearer.core.schema.DatabaseVendor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code jdbc} audit driver: rows wait in a bounded queue and one background thread writes
 * them in JDBC batches, off the request threads. Guarantees:
 * <ul>
 * <li>everything accepted is written when the application shuts down (within the shutdown timeout);
 * <li>a row the database rejects is counted and logged, and the rest of its batch is still written;
 * <li>while the database is unreachable, rows wait and are retried with backoff;
 * <li>when the queue is full the {@link OverflowPolicy} applies, and every dropped row is counted
 * in {@value AuditMeters#DROPPED} and logged.
 * </ul>
 */
public class JdbcAuditSink implements AuditSink, SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(JdbcAuditSink.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration INITIAL_RETRY_BACKOFF = Duration.ofMillis(50);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final JdbcAuditSinkSettings settings;

	private final BlockingQueue<AuditRecord> queue;

	private final Counter written;

	private final Counter dropped;

	private final Counter failed;

	private final Counter retries;

	private final DistributionSummary batchSizes;

	private final Timer flushTimer;

	private final Supplier<DatabaseVendor> vendor;

	/** Rows accepted and not yet settled (written, rejected or dropped); {@link #flush} waits for zero. */
	private final AtomicLong unsettled = new AtomicLong();

	private final Object settledSignal = new Object();

	/** {@link System#nanoTime()} when the database became unreachable, or 0 while it is reachable. */
	private volatile long unreachableSinceNanos;

	/** {@link System#nanoTime()} of the last written batch, or 0 before the first. */
	private volatile long lastWriteNanos;

	private volatile boolean running;

	private volatile boolean accepting = true;

	private volatile long stopDeadlineNanos = Long.MAX_VALUE;

	private Thread writer;

	/** A writer into {@code dataSource}, reporting to {@code meters}. */
	public JdbcAuditSink(DataSource dataSource, JdbcAuditSinkSettings settings, MeterRegistry meters) {
		this.vendor = DatabaseVendor.detectedLazily(dataSource);
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.settings = settings;
		this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
		Gauge.builder(AuditMeters.QUEUE_DEPTH, this.queue, BlockingQueue::size)
			.description("Audit rows waiting to be written")
			.register(meters);
		this.written = Counter.builder(AuditMeters.WRITTEN).description("Audit rows written").register(meters);
		this.dropped = Counter.builder(AuditMeters.DROPPED).description("Audit rows dropped").register(meters);
		this.failed = Counter.builder(AuditMeters.FAILED).description("Audit rows rejected by the database").register(meters);
		this.retries = Counter.builder(AuditMeters.RETRIES)
			.description("Audit batches retried because the database was unreachable")
			.register(meters);
		this.batchSizes = DistributionSummary.builder(AuditMeters.BATCH_SIZE).description("Audit rows per batch").register(meters);
		this.flushTimer = Timer.builder(AuditMeters.FLUSH).description("Time to write one audit batch").register(meters);
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
		return new AuditWriterStatus(this.running, this.queue.size(), this.settings.queueCapacity(),
				(long) this.written.count(), (long) this.dropped.count(), (long) this.failed.count(),
				(long) this.retries.count(), (unreachableSince != 0) ? Duration.ofNanos(now - unreachableSince) : Duration.ZERO,
				(lastWrite != 0) ? Duration.ofNanos(now - lastWrite) : null);
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

	/** Stops after the web server, so requests still in flight can queue their rows first. */
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
				this.failed.increment(batch.size());
				logger.error("Could not write {} audit rows; the writer goes on with the next batch", batch.size(), ex);
			}
			finally {
				settled(batch.size());
			}
		}
	}

	/** Marks rows as written, rejected or dropped, and wakes {@link #flush} callers once none is left. */
	private void settled(int rows) {
		if (rows > 0 && this.unsettled.addAndGet(-rows) == 0) {
			synchronized (this.settledSignal) {
				this.settledSignal.notifyAll();
			}
		}
	}

	/**
	 * The next rows to write: waits up to the flush interval for a first row while running, then
	 * takes what else is queued. Once stopping it only takes what is queued, so nothing accepted
	 * before {@link #stop()} is left behind.
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

	/** The first queued row within the flush interval, or {@code null} when none came or {@link #stop()} woke the writer. */
	private AuditRecord pollUntilWokenOrFlushDue() {
		try {
			return this.queue.poll(this.settings.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			return null;
		}
	}

	/** Writes the batch, retrying while the database is unreachable; past the shutdown deadline the rest is dropped. */
	private void writeWithRetry(List<AuditRecord> batch) {
		Duration backoff = INITIAL_RETRY_BACKOFF;
		List<AuditRecord> remaining = batch;
		while (true) {
			remaining = writeBatch(remaining);
			if (remaining.isEmpty()) {
				return;
			}
			this.retries.increment();
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

	/** Writes a batch; returns the rows that could not be written because the database was unreachable. */
	private List<AuditRecord> writeBatch(List<AuditRecord> records) {
		List<Row> batch = serialised(records);
		long start = System.nanoTime();
		try {
			String sql = insertSql();
			this.transactions.executeWithoutResult(status -> this.jdbc.batchUpdate(sql, batch, batch.size(), this::bind));
			recordWritten(batch.size(), start);
			return List.of();
		}
		catch (DataAccessException | TransactionException | IllegalStateException ex) {
			if (isUnreachable(ex)) {
				logger.warn("Database unreachable, {} audit rows wait for a retry: {}", batch.size(), ex.getMessage());
				return batch.stream().map(Row::record).toList();
			}
			return writeOneByOne(batch);
		}
	}

	private List<AuditRecord> writeOneByOne(List<Row> batch) {
		for (int i = 0; i < batch.size(); i++) {
			Row row = batch.get(i);
			long start = System.nanoTime();
			try {
				this.jdbc.update(insertSql(), statement -> bind(statement, row));
				recordWritten(1, start);
			}
			catch (DataAccessException ex) {
				if (isUnreachable(ex)) {
					return batch.subList(i, batch.size()).stream().map(Row::record).toList();
				}
				rejected(row.record(), ex.getMostSpecificCause().getMessage());
			}
		}
		return List.of();
	}

	/** The rows with their metadata as JSON; a row whose metadata cannot be serialised is rejected. */
	private List<Row> serialised(List<AuditRecord> records) {
		List<Row> rows = new ArrayList<>(records.size());
		for (AuditRecord record : records) {
			try {
				rows.add(new Row(record, record.metadata().isEmpty() ? null : JSON.writeValueAsString(record.metadata())));
			}
			catch (JacksonException ex) {
				rejected(record, "its metadata cannot be written as JSON: " + ex.getOriginalMessage());
			}
		}
		return rows;
	}

	private void rejected(AuditRecord record, String why) {
		this.failed.increment();
		logger.error("An audit row was rejected ({} for token {} at {}): {}", record.event().code(), record.tokenId(),
				record.createdAt(), why);
	}

	private void recordWritten(int rows, long startNanos) {
		this.unreachableSinceNanos = 0;
		this.lastWriteNanos = System.nanoTime();
		this.written.increment(rows);
		this.batchSizes.record(rows);
		this.flushTimer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
	}

	private void bind(PreparedStatement statement, Row row) throws SQLException {
		AuditRecord record = row.record();
		if (record.tokenId() != null) {
			statement.setLong(1, record.tokenId());
		}
		else {
			statement.setNull(1, Types.BIGINT);
		}
		statement.setString(2, record.event().code());
		statement.setString(3, record.ipAddress());
		statement.setString(4, record.userAgent());
		statement.setString(5, row.metadataJson());
		this.vendor.get().bindInstant(statement, 6, record.createdAt());
	}

	private String insertSql() {
		return AuditStatements.insert(this.vendor.get());
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
		this.dropped.increment();
		logger.warn("Dropped audit row ({} for token {} at {}): {}", record.event().code(), record.tokenId(),
				record.createdAt(), why);
	}

	private static boolean isUnreachable(Exception ex) {
		return ex instanceof DataAccessResourceFailureException || ex instanceof TransientDataAccessException
				|| ex instanceof RecoverableDataAccessException || ex instanceof TransactionException
				|| ex instanceof IllegalStateException;
	}

	/**
	 * Sleeps between retries. {@link #stop()} interrupts the writer to wake it; the interrupt is
	 * consumed here so the caller re-checks the shutdown deadline at once.
	 */
	private static void pause(Duration duration) {
		LockSupport.parkNanos(duration.toNanos());
		Thread.interrupted();
	}

	/** A record with its metadata already serialised. */
	private record Row(AuditRecord record, String metadataJson) {
	}

}
