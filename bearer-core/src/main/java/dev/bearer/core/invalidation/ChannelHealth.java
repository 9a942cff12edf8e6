package dev.bearer.core.invalidation;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.bearer.core.token.TokenLookupCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one channel: connected or not, its failures and received changes. An
 * outage is logged once when it starts and once when it ends; every (re)connection clears
 * the lookup cache, since changes announced while the channel was away were missed.
 */
final class ChannelHealth {

	private static final Logger logger = LoggerFactory.getLogger(CacheInvalidationChannel.class);

	private final String channel;

	private final TokenLookupCache cache;

	private final AtomicLong failures = new AtomicLong();

	private final AtomicLong received = new AtomicLong();

	private boolean connected;

	private long outageStartNanos;

	private boolean outage;

	ChannelHealth(String channel, TokenLookupCache cache) {
		this.channel = channel;
		this.cache = cache;
	}

	/**
	 * Notes that the channel reaches the other nodes; the first time after a gap, clears
	 * the cache.
	 */
	synchronized void connected() {
		if (this.connected) {
			return;
		}
		this.connected = true;
		this.cache.evictAll();
		if (this.outage) {
			this.outage = false;
			logger.info("Token cache invalidation through {} recovered after {}; this node's lookup cache was cleared",
					this.channel, Duration.ofNanos(System.nanoTime() - this.outageStartNanos));
		}
		else {
			logger.debug("Token cache invalidation through {} connected", this.channel);
		}
	}

	/** Counts a failure; the first one of an outage is logged. */
	synchronized void failed(String what, Exception ex) {
		this.failures.incrementAndGet();
		this.connected = false;
		if (!this.outage) {
			this.outage = true;
			this.outageStartNanos = System.nanoTime();
			logger.warn(
					"Token cache invalidation through {} is down ({}: {}); until it recovers, a token revoked or "
							+ "rotated on another node keeps working on this one for up to bearer.cache.time-to-live",
					this.channel, what, ex.toString());
		}
	}

	/**
	 * Evicts a change received from the channel; anything but a stored token hash (64 or
	 * 128 lowercase hex characters) is ignored.
	 */
	void received(String tokenHash) {
		if (!isTokenHash(tokenHash)) {
			logger.debug("Ignored a message on {} that is not a token hash", this.channel);
			return;
		}
		this.received.incrementAndGet();
		this.cache.evict(tokenHash);
	}

	private static boolean isTokenHash(String value) {
		if (value == null || (value.length() != 64 && value.length() != 128)) {
			return false;
		}
		return value.chars().allMatch((c) -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
	}

	synchronized boolean isConnected() {
		return this.connected;
	}

	long failures() {
		return this.failures.get();
	}

	long received() {
		return this.received.get();
	}

}
