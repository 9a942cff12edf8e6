package dev.bearer.spring.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.audit.AuditMetadata;
import dev.bearer.core.audit.AuditRecord;
import dev.bearer.core.audit.AuditSink;
import dev.bearer.core.token.AuthenticationFailureReason;
import dev.bearer.core.event.TokenAuthenticated;
import dev.bearer.core.event.TokenAuthenticationFailed;
import dev.bearer.core.token.LastUsedRecorder;
import dev.bearer.core.token.Token;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Records each authentication outcome: the audit row (through the {@link AuditSink}), the
 * application event, {@code last_used_at}, and the outcome count
 * ({@link AuthenticationOutcomes}). {@code log-usage} and {@code log-failures} decide
 * which rows are written; events, metrics and {@code last_used_at} are kept either way. A
 * listener of the events that throws is counted and logged, and the request goes on.
 * Requests the failure budget refused are counted by the {@link FailureBudgetAuditor},
 * which writes one row per client and window for them.
 */
public final class AuthenticationRecorder {

	private final AuditSink sink;

	private final FailureBudgetAuditor budgetAuditor;

	private final LastUsedRecorder lastUsed;

	private final ApplicationEventPublisher events;

	private final AuthenticationOutcomes outcomes;

	private final Clock clock;

	private final boolean logUsage;

	private final boolean logFailures;

	private final ListenerFailures listenerFailures;

	/**
	 * A recorder writing to {@code sink} (through {@code budgetAuditor} for requests the
	 * failure budget refused) and counting in {@code outcomes}; {@code logUsage} and
	 * {@code logFailures} select the rows.
	 */
	public AuthenticationRecorder(AuditSink sink, FailureBudgetAuditor budgetAuditor, LastUsedRecorder lastUsed,
			ApplicationEventPublisher events, AuthenticationOutcomes outcomes, Clock clock, boolean logUsage,
			boolean logFailures) {
		this.sink = sink;
		this.budgetAuditor = budgetAuditor;
		this.lastUsed = lastUsed;
		this.events = events;
		this.outcomes = outcomes;
		this.clock = clock;
		this.logUsage = logUsage;
		this.logFailures = logFailures;
		this.listenerFailures = new ListenerFailures(outcomes, clock);
	}

	/**
	 * Whether a successful authentication's usage row would be kept: {@code false} only
	 * when usage rows are logged and the sink refuses rows for lack of room
	 * ({@link AuditSink#hasRoom()}).
	 */
	public boolean canRecordUsage() {
		return !this.logUsage || this.sink.hasRoom();
	}

	/**
	 * Notes a successful authentication and publishes {@link TokenAuthenticated} on this
	 * thread.
	 * @return the pending usage row, to {@link #completed complete} when the request ends
	 */
	public PendingUsage succeeded(Token token, String clientIp, String userAgent) {
		PendingUsage usage = new PendingUsage(token, clientIp, userAgent, new AuditMetadata(), this.clock.instant(),
				System.nanoTime());
		this.outcomes.count("authenticated", token);
		this.lastUsed.recordUse(token.id());
		publish(new TokenAuthenticated(token, clientIp, userAgent, usage.metadata()));
		return usage;
	}

	/**
	 * Completes the usage row with endpoint, method, status and response time, and hands
	 * it to the sink.
	 */
	public void completed(PendingUsage usage, String endpoint, String method, int status) {
		if (!this.logUsage) {
			return;
		}
		long responseTimeMs = Duration.ofNanos(System.nanoTime() - usage.startNanos()).toMillis();
		usage.metadata()
			.put("endpoint", endpoint)
			.put("method", method)
			.put("status", status)
			.put("response_time_ms", responseTimeMs);
		this.sink.write(new AuditRecord(usage.token().id(), AuditEvent.AUTHENTICATED, usage.clientIp(),
				usage.userAgent(), usage.metadata().asMap(), usage.authenticatedAt()));
	}

	/**
	 * Records a refused token: the failure row (for a refusal by the failure budget, a
	 * count towards the client's row of the window; for a refusal by the rate limit or
	 * the quota, the limit that refused, {@code "limit":"rate"} or
	 * {@code "limit":"quota"} with the quota's {@code period}),
	 * {@link TokenAuthenticationFailed}, and the counter.
	 */
	public void failed(AuthenticationFailureReason reason, Token token, String clientIp, String userAgent,
			String endpoint, String method) {
		this.outcomes.count(reason.code(), token);
		Long tokenId = (token != null) ? token.id() : null;
		if (this.logFailures && reason == AuthenticationFailureReason.BUDGET_EXHAUSTED) {
			this.budgetAuditor.refused(clientIp, userAgent);
		}
		else if (this.logFailures) {
			AuditMetadata metadata = new AuditMetadata().put("reason", reason.code())
				.put("endpoint", endpoint)
				.put("method", method);
			if (reason == AuthenticationFailureReason.RATE_LIMITED) {
				metadata.put("limit", "rate");
			}
			else if (reason == AuthenticationFailureReason.QUOTA_EXHAUSTED && token.quota() != null) {
				metadata.put("limit", "quota").put("period", token.quota().period().code());
			}
			this.sink.write(new AuditRecord(tokenId, reason.auditEvent(), clientIp, userAgent, metadata.asMap(),
					this.clock.instant()));
		}
		publish(new TokenAuthenticationFailed(reason, tokenId, clientIp, userAgent));
	}

	/**
	 * Counts a request that could not be authenticated because of an internal failure
	 * (answered 503).
	 */
	public void errored() {
		this.outcomes.count("error", null);
	}

	/**
	 * Publishes {@code event} on this thread (as an {@link AuthenticationEventPayload});
	 * a listener that throws stops the listeners after it, as in Spring, but not the
	 * request.
	 */
	private void publish(Object event) {
		try {
			this.events.publishEvent(new AuthenticationEventPayload<>(this, event));
		}
		catch (RuntimeException ex) {
			this.listenerFailures.failed(event, ex);
		}
	}

	/**
	 * An {@code authenticated} row waiting for its request to end.
	 *
	 * @param token the authenticated token
	 * @param clientIp the client IP
	 * @param userAgent the user agent, or {@code null}
	 * @param metadata the row's metadata, open to {@link TokenAuthenticated} listeners
	 * @param authenticatedAt when the request was authenticated (the row's time)
	 * @param startNanos {@link System#nanoTime()} at authentication, for the response
	 * time
	 */
	public record PendingUsage(Token token, String clientIp, String userAgent, AuditMetadata metadata,
			Instant authenticatedAt, long startNanos) {
	}

}
