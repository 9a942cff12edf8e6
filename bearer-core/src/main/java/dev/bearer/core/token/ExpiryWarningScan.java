package dev.bearer.core.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.Predicate;

import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.token.JdbcExpiryWarningStore.Candidate;
import dev.bearer.core.token.JdbcExpiryWarningStore.WarningKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Finds active keys near their deadline and publishes {@link TokenExpiringSoon} and
 * {@link TokenIdle}, each once per key, threshold and deadline however many nodes scan
 * and however often: a warning is first recorded in the expiry warnings table, and only
 * the scan whose insert succeeded (and committed) publishes it. Reads the tokens table in
 * pages by id, never all of it at once; revoked and expired keys are never warned, and
 * their rows are deleted. Idle deadlines count from the stored {@code last_used_at},
 * which may lag a key's last use by {@code last-used-resolution}.
 */
public class ExpiryWarningScan {

	/** The most tokens one read of a scan returns. */
	static final int PAGE_SIZE = 500;

	private static final Logger logger = LoggerFactory.getLogger(ExpiryWarningScan.class);

	private final JdbcExpiryWarningStore store;

	private final TokenPolicies policies;

	private final ExpiryWarningSettings settings;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private volatile Instant lastRun;

	/**
	 * A scan of the tokens of {@code schema} by {@code policies} and {@code settings},
	 * publishing to {@code events}.
	 */
	public ExpiryWarningScan(BearerSchema schema, TokenPolicies policies, ExpiryWarningSettings settings,
			ApplicationEventPublisher events, Clock clock) {
		this(schema, policies, settings, events, clock, PAGE_SIZE);
	}

	ExpiryWarningScan(BearerSchema schema, TokenPolicies policies, ExpiryWarningSettings settings,
			ApplicationEventPublisher events, Clock clock, int pageSize) {
		this.store = new JdbcExpiryWarningStore(schema, pageSize);
		this.policies = policies;
		this.settings = settings;
		this.events = events;
		this.clock = clock;
	}

	/** Scans now; returns how many warnings this call published. */
	public synchronized int scan() {
		Instant now = this.clock.instant();
		int published = inPages(
				afterId -> this.store.expiring(now, now.plus(this.settings.largestThreshold()), afterId),
				candidate -> warnExpiring(candidate, WarningKind.EXPIRY, candidate.expiresAt(), candidate.expiresAt(),
						now));
		for (String type : this.policies.types()) {
			for (TokenEnvironment environment : TokenEnvironment.values()) {
				Duration idleExpiry = this.policies.policyFor(type, environment).idleExpiry();
				if (idleExpiry != null) {
					published += scanIdle(type, environment, idleExpiry, now);
				}
			}
		}
		Duration idleAfter = this.settings.idleAfter();
		if (idleAfter != null) {
			published += inPages(afterId -> this.store.unwarnedIdle(null, null, now.minus(idleAfter),
					WarningKind.UNUSED, now, afterId),
					candidate -> warnIdle(candidate, WarningKind.UNUSED, idleAfter, false, now));
		}
		this.store.deleteObsolete(now);
		this.lastRun = now;
		return published;
	}

	/** When the last scan ran, if one has. */
	public Optional<Instant> lastRun() {
		return Optional.ofNullable(this.lastRun);
	}

	private int scanIdle(String type, TokenEnvironment environment, Duration idleExpiry, Instant now) {
		Instant idleBefore = now.minus(idleExpiry);
		int published = inPages(
				afterId -> this.store.lastUsedBetween(type, environment, idleBefore,
						idleBefore.plus(this.settings.largestThreshold()), now, afterId),
				candidate -> warnExpiring(candidate, WarningKind.IDLE_DEADLINE, candidate.lastUse().plus(idleExpiry),
						candidate.lastUse(), now));
		return published + inPages(
				afterId -> this.store.unwarnedIdle(type, environment, idleBefore, WarningKind.IDLE, now, afterId),
				candidate -> warnIdle(candidate, WarningKind.IDLE, idleExpiry, true, now));
	}

	private boolean warnExpiring(Candidate candidate, WarningKind kind, Instant deadline, Instant basis, Instant now) {
		Duration threshold = this.settings.thresholdFor(Duration.between(now, deadline));
		if (threshold == null || !this.store.insert(candidate.id(), kind, threshold, deadline, basis, now)) {
			return false;
		}
		publish(new TokenExpiringSoon(candidate.id(), candidate.owner(), candidate.name(), deadline, threshold,
				(kind == WarningKind.EXPIRY) ? TokenExpiringSoon.Cause.EXPIRY : TokenExpiringSoon.Cause.IDLE));
		return true;
	}

	private boolean warnIdle(Candidate candidate, WarningKind kind, Duration after, boolean refused, Instant now) {
		Instant idleSince = candidate.lastUse().plus(after);
		if (!this.store.insert(candidate.id(), kind, after, idleSince, candidate.lastUse(), now)) {
			return false;
		}
		publish(new TokenIdle(candidate.id(), candidate.owner(), candidate.name(), candidate.lastUse(), idleSince,
				refused));
		return true;
	}

	/**
	 * Runs {@code warn} on every candidate {@code page} returns, page after page (each
	 * after the last id of the one before); returns how many it published.
	 */
	private int inPages(LongFunction<List<Candidate>> page, Predicate<Candidate> warn) {
		int published = 0;
		long afterId = 0;
		while (true) {
			List<Candidate> candidates = page.apply(afterId);
			for (Candidate candidate : candidates) {
				if (warn.test(candidate)) {
					published++;
				}
			}
			if (candidates.size() < this.store.pageSize()) {
				return published;
			}
			afterId = candidates.get(candidates.size() - 1).id();
		}
	}

	/**
	 * Publishes {@code event}; a listener that throws is logged, and the warning stays
	 * recorded as sent.
	 */
	private void publish(Object event) {
		try {
			this.events.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of {} failed; the warning is not sent again", event, ex);
		}
	}

}
