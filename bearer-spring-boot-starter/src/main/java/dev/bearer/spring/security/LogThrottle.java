package dev.bearer.spring.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Lets one log line of each kind through per interval and counts the ones it holds back,
 * so that a failure repeated on every request (an outage, a broken listener) fills
 * neither the log nor the disk. Kinds are few and fixed (an event type, an exception
 * type), so the map stays small.
 */
final class LogThrottle {

	private final Clock clock;

	private final Duration interval;

	private final ConcurrentMap<Object, Silence> silences = new ConcurrentHashMap<>();

	LogThrottle(Clock clock, Duration interval) {
		this.clock = clock;
		this.interval = interval;
	}

	/**
	 * Whether a line of {@code kind} may be logged now.
	 * @return {@code null} when it is held back, else what to add to the line: empty, or
	 * how many of its kind were held back since the previous line
	 */
	String admit(Object kind) {
		Instant now = this.clock.instant();
		Silence[] previous = new Silence[1];
		boolean[] admitted = new boolean[1];
		this.silences.compute(kind, (key, silence) -> {
			if (silence != null && now.isBefore(silence.until())) {
				return silence.withOneMore();
			}
			admitted[0] = true;
			previous[0] = silence;
			return new Silence(now, now.plus(this.interval), 0);
		});
		if (!admitted[0]) {
			return null;
		}
		return (previous[0] != null && previous[0].heldBack() > 0)
				? "; " + previous[0].heldBack() + " more since " + previous[0].since() + " were counted, not logged"
				: "";
	}

	/** Lines of one kind are held back from {@code since} until {@code until}. */
	private record Silence(Instant since, Instant until, long heldBack) {

		Silence withOneMore() {
			return new Silence(this.since, this.until, this.heldBack + 1);
		}

	}

}
