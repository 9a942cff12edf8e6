package dev.bearer.core.token;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the due timed revocations of a {@link TokenService} every poll interval, on a
 * thread of its own while the application runs. Every node may run one: each revocation
 * runs once, on the node that claims it. A failed run is logged and retried at the next
 * poll (the revocation stays pending).
 */
public final class TimedRevocationScheduler implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(TimedRevocationScheduler.class);

	private final TokenService tokens;

	private final Duration pollInterval;

	private ScheduledExecutorService poller;

	/**
	 * A scheduler that asks {@code tokens} to run due revocations every
	 * {@code pollInterval}.
	 * @throws IllegalArgumentException if the poll interval is not positive
	 */
	public TimedRevocationScheduler(TokenService tokens, Duration pollInterval) {
		if (pollInterval.isNegative() || pollInterval.isZero()) {
			throw new IllegalArgumentException("pollInterval must be positive (was " + pollInterval + ")");
		}
		this.tokens = tokens;
		this.pollInterval = pollInterval;
	}

	@Override
	public synchronized void start() {
		if (this.poller != null) {
			return;
		}
		this.poller = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "bearer-timed-revocations");
			thread.setDaemon(true);
			return thread;
		});
		this.poller.scheduleWithFixedDelay(this::runDue, 0, this.pollInterval.toNanos(), TimeUnit.NANOSECONDS);
	}

	private void runDue() {
		try {
			int ran = this.tokens.runDueRevocations();
			if (ran > 0) {
				logger.info("Ran {} timed revocation(s)", ran);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Timed revocations could not run; they stay pending and are retried in {}", this.pollInterval,
					ex);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.poller == null) {
			return;
		}
		this.poller.shutdownNow();
		try {
			this.poller.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.poller = null;
	}

	@Override
	public synchronized boolean isRunning() {
		return this.poller != null;
	}

}
