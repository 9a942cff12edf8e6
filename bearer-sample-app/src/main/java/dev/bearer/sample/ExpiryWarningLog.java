package dev.bearer.sample;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

import dev.bearer.core.token.TokenExpiringSoon;
import dev.bearer.core.token.TokenIdle;
import dev.bearer.core.token.TokenOwner;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the latest expiry warnings in memory ({@value #CAPACITY} at most, newest first)
 * for the admin API and the dashboard.
 */
@Component
class ExpiryWarningLog {

	/** The most warnings kept. */
	static final int CAPACITY = 100;

	private final Deque<Warning> warnings = new ArrayDeque<>();

	private final Clock clock;

	ExpiryWarningLog(Clock clock) {
		this.clock = clock;
	}

	@EventListener
	void expiringSoon(TokenExpiringSoon event) {
		add(new Warning("expiring_soon", event.tokenId(), event.owner(), event.name(), event.deadline(),
				event.threshold().toString(), event.cause().name().toLowerCase(Locale.ROOT), this.clock.instant()));
	}

	@EventListener
	void idle(TokenIdle event) {
		add(new Warning("idle", event.tokenId(), event.owner(), event.name(), event.idleSince(), null,
				event.refused() ? "idle_expiry" : "idle_after", this.clock.instant()));
	}

	/** The latest warnings, newest first. */
	synchronized List<Warning> latest() {
		return List.copyOf(this.warnings);
	}

	/** The latest warnings of {@code owner}'s keys, newest first. */
	synchronized List<Warning> latestOf(TokenOwner owner) {
		return this.warnings.stream().filter(warning -> warning.owner().equals(owner)).toList();
	}

	private synchronized void add(Warning warning) {
		this.warnings.addFirst(warning);
		if (this.warnings.size() > CAPACITY) {
			this.warnings.removeLast();
		}
	}

	/**
	 * One warning as the API shows it.
	 *
	 * @param kind {@code expiring_soon} or {@code idle}
	 * @param tokenId the key's id
	 * @param owner the key's owner
	 * @param name the key's name
	 * @param deadline when the key stops working (or, for {@code idle}, became idle)
	 * @param threshold the threshold crossed, e.g. {@code PT72H}, or {@code null}
	 * @param cause {@code expiry} or {@code idle} for {@code expiring_soon};
	 * {@code idle_expiry} (refused) or {@code idle_after} (still works) for {@code idle}
	 * @param receivedAt when this application received it
	 */
	record Warning(String kind, long tokenId, TokenOwner owner, String name, Instant deadline, String threshold,
			String cause, Instant receivedAt) {
	}

}
