package dev.bearer.core.token;

import java.time.Duration;

import dev.bearer.core.schedule.PeriodicTask;
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

	private final PeriodicTask scanner;

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
		this.scanner = new PeriodicTask("bearer-expiry-warnings", Duration.ZERO, interval, this::scan);
	}

	@Override
	public void start() {
		this.scanner.start();
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
	public void stop() {
		this.scanner.stop();
	}

	@Override
	public boolean isRunning() {
		return this.scanner.isRunning();
	}

}
