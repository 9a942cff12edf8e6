package dev.bearer.spring.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and logs exceptions thrown by listeners of Bearer's authentication events, which
 * {@link AuthenticationRecorder} catches so that the request goes on. Every failure is
 * counted; one per event type and exception type is logged per {@link #LOG_INTERVAL},
 * with its stack trace (which names the listener) and the number left unlogged since the
 * previous line. The event itself is never logged.
 */
final class ListenerFailures {

	/** How long a logged failure keeps others of the same kind out of the log. */
	static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

	private static final Logger logger = LoggerFactory.getLogger(ListenerFailures.class);

	private final AuthenticationOutcomes outcomes;

	private final Clock clock;

	private final ConcurrentMap<Kind, Silence> silences = new ConcurrentHashMap<>();

	ListenerFailures(AuthenticationOutcomes outcomes, Clock clock) {
		this.outcomes = outcomes;
		this.clock = clock;
	}

	/** Counts, and logs unless silenced, that a listener of {@code event} threw. */
	void failed(Object event, RuntimeException ex) {
		String eventType = event.getClass().getSimpleName();
		this.outcomes.countListenerFailure(eventType);
		Instant now = this.clock.instant();
		boolean[] log = new boolean[1];
		Silence[] previous = new Silence[1];
		this.silences.compute(new Kind(event.getClass(), ex.getClass()), (kind, silence) -> {
			if (silence != null && now.isBefore(silence.until())) {
				return silence.withOneMore();
			}
			log[0] = true;
			previous[0] = silence;
			return new Silence(now, now.plus(LOG_INTERVAL), 0);
		});
		if (log[0]) {
			String unlogged = (previous[0] != null && previous[0].unlogged() > 0)
					? "; " + previous[0].unlogged() + " more since " + previous[0].since() + " were counted, not logged"
					: "";
			logger.error("A listener of {} threw {}; the request goes on as if it had returned (counted in {}{})",
					eventType, ex.getClass().getName(), BearerAuthenticationMetrics.LISTENER_FAILURES, unlogged, ex);
		}
	}

	private record Kind(Class<?> event, Class<?> exception) {
	}

	/**
	 * Failures of one kind are left out of the log from {@code since} until
	 * {@code until}.
	 */
	private record Silence(Instant since, Instant until, long unlogged) {

		Silence withOneMore() {
			return new Silence(this.since, this.until, this.unlogged + 1);
		}

	}

}
