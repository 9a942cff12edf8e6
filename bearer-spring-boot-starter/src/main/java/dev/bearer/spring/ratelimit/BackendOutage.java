package dev.bearer.spring.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a shared backend answered lately, as the requests found it. After a failure the
 * backend counts as down: requests leave it alone except one probe per retry interval, so
 * an outage costs each request nothing but the fallback, and the first probe that gets
 * through ends it. An outage is logged once at WARN when it starts and once at INFO when
 * it ends, with the requests that fell back meanwhile.
 */
public final class BackendOutage {

	private static final Logger logger = LoggerFactory.getLogger(BackendOutage.class);

	private final String backend;

	private final String fallback;

	private final long retryIntervalNanos;

	private final AtomicLong nextProbeNanos = new AtomicLong();

	private final LongAdder fallbacks = new LongAdder();

	private volatile boolean down;

	private long downSinceNanos;

	private long fallbacksBefore;

	/**
	 * The outage state of the backend named {@code backend}, probed again
	 * {@code retryInterval} after each failure; {@code fallback} says in the WARN line
	 * what requests get meanwhile.
	 */
	public BackendOutage(String backend, String fallback, Duration retryInterval) {
		this.backend = backend;
		this.fallback = fallback;
		this.retryIntervalNanos = retryInterval.toNanos();
	}

	/**
	 * Whether a request should go to the backend now: always while it is up; while it is
	 * down, only the first request after each retry interval (the probe).
	 */
	public boolean shouldTry() {
		if (!this.down) {
			return true;
		}
		long next = this.nextProbeNanos.get();
		long now = System.nanoTime();
		return now - next >= 0 && this.nextProbeNanos.compareAndSet(next, now + this.retryIntervalNanos);
	}

	/** A request reached the backend: ends an outage. */
	public void reached() {
		if (this.down) {
			synchronized (this) {
				if (this.down) {
					this.down = false;
					logger.info(
							"The {} rate-limit backend is reachable again after {} ms; {} requests fell back meanwhile",
							this.backend, Duration.ofNanos(System.nanoTime() - this.downSinceNanos).toMillis(),
							this.fallbacks.sum() - this.fallbacksBefore);
				}
			}
		}
	}

	/**
	 * A request to the backend failed with {@code ex}: starts an outage or prolongs it.
	 */
	public void failed(RuntimeException ex) {
		long now = System.nanoTime();
		this.nextProbeNanos.set(now + this.retryIntervalNanos);
		if (!this.down) {
			synchronized (this) {
				if (!this.down) {
					this.downSinceNanos = now;
					this.fallbacksBefore = this.fallbacks.sum();
					this.down = true;
					logger.warn("The {} rate-limit backend cannot be reached ({}); {} until it answers again",
							this.backend, ex.toString(), this.fallback);
					logger.debug("The {} rate-limit backend failed", this.backend, ex);
				}
			}
		}
	}

	/** A request was decided without the backend. */
	public void fellBack() {
		this.fallbacks.increment();
	}

	/** Requests decided without the backend since this node started. */
	public long fallbacks() {
		return this.fallbacks.sum();
	}

	/** Whether the backend counts as down now. */
	public boolean isDown() {
		return this.down;
	}

}
