package dev.bearer.core.token;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Runs an {@link ExpiryWarningScan} every scan interval, on a thread of its own while the
 * application runs. Every node may run one: each warning is published once, by the node
 * that records it first. A failed scan is logged and the next one catches up.
 */
public final class ExpiryWarningScheduler implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ExpiryWarningScheduler.class);

	private final ExpiryWarningScan scan;

	private final Duration interval;

	private ScheduledExecutorService scanner;

	/**
	 * A scheduler that runs {@code scan} every {@code interval}, the first time at start.
	 * @throws IllegalArgumentException if the interval is not positive
	 */
	public ExpiryWarningScheduler(ExpiryWarningScan scan, Duration interval) {
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("interval must be positive (was " + interval + ")");
		}
		this.scan = scan;
		this.interval = interval;
	}

	@Override
	public synchronized void start() {
		if (this.scanner != null) {
			return;
		}
		this.scanner = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "bearer-expiry-warnings");
			thread.setDaemon(true);
			return thread;
		});
		this.scanner.scheduleWithFixedDelay(this::scan, 0, this.interval.toNanos(), TimeUnit.NANOSECONDS);
	}

	private void scan() {
		try {
			int published = this.scan.scan();
			if (published > 0) {
				logger.info("Published {} expiry warning(s)", published);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("The expiry warning scan failed; the next one, in {}, catches up", this.interval, ex);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.scanner == null) {
			return;
		}
		this.scanner.shutdownNow();
		try {
			this.scanner.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.scanner = null;
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scanner != null;
	}

}
