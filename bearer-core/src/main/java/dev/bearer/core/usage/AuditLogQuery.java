package dev.bearer.core.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.Set;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.token.TokenNotFoundException;
import dev.bearer.core.token.TokenOwner;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.support.PageableExecutionUtils;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * A query over the audit log, built from {@link UsageQueryService#query()}: every method
 * returns a new query with one more condition, so a query can be shared and refined.
 * Conditions combine with AND; setting the same kind of condition again replaces it.
 * Values are always bound as parameters. Entries come newest first (the row id breaks
 * ties) unless {@link #oldestFirst()}. Results are bounded: a page or a list holds at
 * most {@link UsageQueryService#MAX_PAGE_SIZE} entries.
 *
 * <pre>{@code
 * Page<AuditEntry> blocked = usage.query()
 *         .owner(TokenOwner.of("user", 42))
 *         .events(AuditEvent.IP_BLOCKED, AuditEvent.DOMAIN_BLOCKED)
 *         .within(Duration.ofDays(7))
 *         .page(PageRequest.of(0, 50));
 * }</pre>
 */
public final class AuditLogQuery {

	private final UsageDatabase database;

	private final Clock clock;

	private final Long tokenId;

	private final TokenOwner owner;

	private final Set<AuditEvent> events;

	private final Instant after;

	private final Instant from;

	private final Instant to;

	private final String ipAddress;

	private final boolean oldestFirst;

	AuditLogQuery(UsageDatabase database, Clock clock) {
		this(database, clock, null, null, null, null, null, null, null, false);
	}

	private AuditLogQuery(UsageDatabase database, Clock clock, Long tokenId, TokenOwner owner, Set<AuditEvent> events,
			Instant after, Instant from, Instant to, String ipAddress, boolean oldestFirst) {
		this.database = database;
		this.clock = clock;
		this.tokenId = tokenId;
		this.owner = owner;
		this.events = events;
		this.after = after;
		this.from = from;
		this.to = to;
		this.ipAddress = ipAddress;
		this.oldestFirst = oldestFirst;
	}

	/**
	 * Only rows of token {@code tokenId}; the terminal methods throw
	 * {@link TokenNotFoundException} if it does not exist.
	 */
	public AuditLogQuery token(long tokenId) {
		return new AuditLogQuery(this.database, this.clock, tokenId, this.owner, this.events, this.after, this.from,
				this.to, this.ipAddress, this.oldestFirst);
	}

	/** Only rows of the tokens of {@code owner}. */
	public AuditLogQuery owner(TokenOwner owner) {
		return new AuditLogQuery(this.database, this.clock, this.tokenId, UsageArguments.owner(owner), this.events,
				this.after, this.from, this.to, this.ipAddress, this.oldestFirst);
	}

	/** Only rows of these events. */
	public AuditLogQuery events(AuditEvent... events) {
		return events((events != null) ? Arrays.asList(events) : null);
	}

	/** Only rows of these events. */
	public AuditLogQuery events(Collection<AuditEvent> events) {
		return new AuditLogQuery(this.database, this.clock, this.tokenId, this.owner, UsageArguments.events(events),
				this.after, this.from, this.to, this.ipAddress, this.oldestFirst);
	}

	/** Only rows strictly after {@code instant}, as the seed's {@code created_at > …}. */
	public AuditLogQuery after(Instant instant) {
		return new AuditLogQuery(this.database, this.clock, this.tokenId, this.owner, this.events,
				UsageArguments.instant(instant, "instant"), this.from, this.to, this.ipAddress, this.oldestFirst);
	}

	/**
	 * Only rows strictly after the service clock's now minus {@code window}, the clock
	 * read at this call.
	 */
	public AuditLogQuery within(Duration window) {
		return after(this.clock.instant().minus(UsageArguments.window(window)));
	}

	/** Only rows at or after {@code from} and strictly before {@code to}. */
	public AuditLogQuery between(Instant from, Instant to) {
		UsageArguments.instant(from, "from");
		UsageArguments.instant(to, "to");
		if (to.isBefore(from)) {
			throw new IllegalArgumentException("from must not be after to (was " + from + " to " + to + ")");
		}
		return new AuditLogQuery(this.database, this.clock, this.tokenId, this.owner, this.events, this.after, from, to,
				this.ipAddress, this.oldestFirst);
	}

	/** Only rows from exactly this IP address, as stored. */
	public AuditLogQuery ipAddress(String ipAddress) {
		return new AuditLogQuery(this.database, this.clock, this.tokenId, this.owner, this.events, this.after,
				this.from, this.to, UsageArguments.ipAddress(ipAddress), this.oldestFirst);
	}

	/** Oldest entries first instead of newest first. */
	public AuditLogQuery oldestFirst() {
		return new AuditLogQuery(this.database, this.clock, this.tokenId, this.owner, this.events, this.after,
				this.from, this.to, this.ipAddress, true);
	}

	/**
	 * One page of the matching entries, with the number of all of them. {@code pageable}
	 * must be paged with a page size of at most {@link UsageQueryService#MAX_PAGE_SIZE}
	 * and must not carry a sort, since the order is fixed; else an
	 * {@link IllegalArgumentException} names it.
	 */
	public Page<AuditEntry> page(Pageable pageable) {
		return page(pageable, this::countRows);
	}

	/**
	 * {@link #page(Pageable)} with the number of all matching entries from {@code total}.
	 */
	Page<AuditEntry> page(Pageable pageable, LongSupplier total) {
		UsageArguments.pageable(pageable);
		requireToken();
		MapSqlParameterSource parameters = new MapSqlParameterSource();
		String where = where(parameters);
		parameters.addValue("limit", pageable.getPageSize()).addValue("offset", pageable.getOffset());
		List<AuditEntry> content = this.database.entries(UsageSql.ENTRIES + where + order() + UsageSql.PAGE,
				parameters);
		return PageableExecutionUtils.getPage(content, pageable, total);
	}

	/**
	 * The first {@link UsageQueryService#MAX_PAGE_SIZE} matching entries at most, in this
	 * query's order; {@link #page(Pageable)} reaches all of them.
	 */
	public List<AuditEntry> list() {
		requireToken();
		return select(UsageQueryService.MAX_PAGE_SIZE);
	}

	/**
	 * The first matching entry in this query's order: the newest, or the oldest after
	 * {@link #oldestFirst()}.
	 */
	public Optional<AuditEntry> first() {
		requireToken();
		return select(1).stream().findFirst();
	}

	/** The number of matching rows. */
	public long count() {
		requireToken();
		return countRows();
	}

	private List<AuditEntry> select(int limit) {
		MapSqlParameterSource parameters = new MapSqlParameterSource();
		String where = where(parameters);
		parameters.addValue("limit", limit);
		return this.database.entries(UsageSql.ENTRIES + where + order() + UsageSql.LIMIT, parameters);
	}

	private long countRows() {
		MapSqlParameterSource parameters = new MapSqlParameterSource();
		return this.database.count(UsageSql.ENTRY_COUNT + where(parameters), parameters);
	}

	private void requireToken() {
		if (this.tokenId != null) {
			this.database.requireToken(this.tokenId);
		}
	}

	private String order() {
		return this.oldestFirst ? UsageSql.OLDEST_FIRST : UsageSql.NEWEST_FIRST;
	}

	private String where(MapSqlParameterSource parameters) {
		List<String> conditions = new ArrayList<>();
		if (this.tokenId != null) {
			conditions.add(UsageSql.FOR_TOKEN);
			parameters.addValue("tokenId", this.tokenId);
		}
		if (this.owner != null) {
			conditions.add(UsageSql.FOR_OWNER);
			parameters.addValue("ownerType", this.owner.type()).addValue("ownerId", this.owner.id());
		}
		if (this.events != null) {
			conditions.add(UsageSql.FOR_EVENTS);
			parameters.addValue("events", this.events.stream().map(AuditEvent::code).toList());
		}
		if (this.after != null) {
			conditions.add(UsageSql.AFTER);
			parameters.addValue("after", this.database.instant(this.after));
		}
		if (this.from != null) {
			conditions.add(UsageSql.FROM);
			conditions.add(UsageSql.BEFORE);
			parameters.addValue("from", this.database.instant(this.from))
				.addValue("to", this.database.instant(this.to));
		}
		if (this.ipAddress != null) {
			conditions.add(UsageSql.FROM_IP);
			parameters.addValue("ipAddress", this.ipAddress);
		}
		return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
	}

}
