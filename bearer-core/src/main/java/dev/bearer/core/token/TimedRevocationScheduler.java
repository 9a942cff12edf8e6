package dev.bearer.core.token;

import java.time.Duration;

import dev.bearer.core.schedule.PeriodicTask;
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

	private final PeriodicTask poller;

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
		this.poller = new PeriodicTask("bearer-timed-revocations", Duration.ZERO, pollInterval, this::runDue);
	}

	@Override
	public void start() {
		this.poller.start();
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
	public void stop() {
		this.poller.stop();
	}

	@Override
	public boolean isRunning() {
		return this.poller.isRunning();
	}

}
