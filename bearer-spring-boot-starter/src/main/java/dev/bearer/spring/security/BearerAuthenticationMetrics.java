package dev.bearer.spring.security;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.bearer.core.event.TokenAuthenticated;
import dev.bearer.core.event.TokenAuthenticationFailed;
import dev.bearer.core.token.AuthenticationFailureReason;
import dev.bearer.core.token.Token;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The {@value #AUTHENTICATIONS} counter, tagged {@code outcome}, {@code type} and
 * {@code environment}, and the {@value #LISTENER_FAILURES} counter, tagged {@code event}.
 * Binding registers one counter per outcome, built-in type and environment, and one per
 * authentication event (so dashboards show zeros); a combination first seen later is
 * registered once and reused, so counting a request builds no meter.
 */
public final class BearerAuthenticationMetrics implements MeterBinder, AuthenticationOutcomes {

	/** Counter of authentication outcomes. */
	public static final String AUTHENTICATIONS = "bearer.authentications";

	/**
	 * Counter of exceptions thrown by listeners of Bearer's authentication events, tagged
	 * {@code event}.
	 */
	public static final String LISTENER_FAILURES = "bearer.authentication.listener.failures";

	private static final String NONE = "none";

	private static final List<TokenType> BUILT_IN_TYPES = List.of(TokenType.SECRET, TokenType.PUBLISHABLE,
			TokenType.RESTRICTED);

	private static final List<String> EVENTS = List.of(TokenAuthenticated.class.getSimpleName(),
			TokenAuthenticationFailed.class.getSimpleName());

	private final Map<Tags, Counter> counters = new ConcurrentHashMap<>();

	private final Map<String, Counter> listenerFailures = new ConcurrentHashMap<>();

	private volatile MeterRegistry registry;

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
		for (String outcome : outcomes()) {
			counter(new Tags(outcome, NONE, NONE));
			for (TokenType type : BUILT_IN_TYPES) {
				for (TokenEnvironment environment : TokenEnvironment.values()) {
					counter(new Tags(outcome, type.prefix(), environment.code()));
				}
			}
		}
		EVENTS.forEach(this::listenerFailureCounter);
	}

	@Override
	public void count(String outcome, Token token) {
		if (this.registry == null) {
			return;
		}
		Tags tags = (token != null) ? new Tags(outcome, token.type(), token.environment().code())
				: new Tags(outcome, NONE, NONE);
		Counter counter = this.counters.get(tags);
		(counter != null ? counter : counter(tags)).increment();
	}

	@Override
	public void countListenerFailure(String eventType) {
		if (this.registry != null) {
			listenerFailureCounter(eventType).increment();
		}
	}

	private Counter listenerFailureCounter(String eventType) {
		return this.listenerFailures.computeIfAbsent(eventType,
				key -> Counter.builder(LISTENER_FAILURES)
					.description("Exceptions thrown by listeners of Bearer's authentication events")
					.tag("event", key)
					.register(this.registry));
	}

	private Counter counter(Tags tags) {
		return this.counters.computeIfAbsent(tags,
				key -> Counter.builder(AUTHENTICATIONS)
					.description("Bearer authentication outcomes")
					.tag("outcome", key.outcome())
					.tag("type", key.type())
					.tag("environment", key.environment())
					.register(this.registry));
	}

	private static String[] outcomes() {
		AuthenticationFailureReason[] reasons = AuthenticationFailureReason.values();
		String[] outcomes = new String[reasons.length + 2];
		outcomes[0] = "authenticated";
		outcomes[1] = "error";
		for (int i = 0; i < reasons.length; i++) {
			outcomes[i + 2] = reasons[i].code();
		}
		return outcomes;
	}

	private record Tags(String outcome, String type, String environment) {
	}

}
