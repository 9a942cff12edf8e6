package dev.bearer.spring.security;

import java.time.Clock;
import java.time.Duration;

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

	private final LogThrottle throttle;

	ListenerFailures(AuthenticationOutcomes outcomes, Clock clock) {
		this.outcomes = outcomes;
		this.throttle = new LogThrottle(clock, LOG_INTERVAL);
	}

	/** Counts, and logs unless silenced, that a listener of {@code event} threw. */
	void failed(Object event, RuntimeException ex) {
		String eventType = event.getClass().getSimpleName();
		this.outcomes.countListenerFailure(eventType);
		String unlogged = this.throttle.admit(new Kind(event.getClass(), ex.getClass()));
		if (unlogged != null) {
			logger.error("A listener of {} threw {}; the request goes on as if it had returned (counted in {}{})",
					eventType, ex.getClass().getName(), BearerAuthenticationMetrics.LISTENER_FAILURES, unlogged, ex);
		}
	}

	private record Kind(Class<?> event, Class<?> exception) {
	}

}
