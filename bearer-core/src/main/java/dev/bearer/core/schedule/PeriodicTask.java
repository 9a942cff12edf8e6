package dev.bearer.core.schedule;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A task run again and again, a fixed delay after each run ends, on a daemon thread of
 * its own from {@link #start()} to {@link #stop()}: the thread each of Bearer's scheduled
 * jobs runs on. The task handles its own failures; one that throws is not run again.
 */
public final class PeriodicTask {

	/** How long {@link #stop()} waits for a run in progress to end. */
	public static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private final String threadName;

	private final Duration initialDelay;

	private final Duration delay;

	private final Runnable task;

	private ScheduledExecutorService executor;

	/**
	 * A task named {@code threadName} that runs {@code initialDelay} after it is started,
	 * then {@code delay} after each run.
	 * @throws IllegalArgumentException if {@code initialDelay} is negative or
	 * {@code delay} is not positive
	 */
	public PeriodicTask(String threadName, Duration initialDelay, Duration delay, Runnable task) {
		if (initialDelay.isNegative()) {
			throw new IllegalArgumentException("initialDelay must not be negative (was " + initialDelay + ")");
		}
		if (delay.isNegative() || delay.isZero()) {
			throw new IllegalArgumentException("delay must be positive (was " + delay + ")");
		}
		this.threadName = Objects.requireNonNull(threadName, "threadName must not be null");
		this.initialDelay = initialDelay;
		this.delay = delay;
		this.task = Objects.requireNonNull(task, "task must not be null");
	}

	/** Starts the thread and schedules the first run; nothing when already started. */
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, this.threadName);
			thread.setDaemon(true);
			return thread;
		});
		this.executor.scheduleWithFixedDelay(this.task, this.initialDelay.toNanos(), this.delay.toNanos(),
				TimeUnit.NANOSECONDS);
	}

	/**
	 * Stops the thread: no further run starts, a run in progress is interrupted and
	 * waited for up to {@link #STOP_TIMEOUT}; nothing when not started.
	 */
	public synchronized void stop() {
		if (this.executor == null) {
			return;
		}
		this.executor.shutdownNow();
		try {
			this.executor.awaitTermination(STOP_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.executor = null;
	}

	/** Whether the task is started and not stopped. */
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}
