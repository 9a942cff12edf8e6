package dev.bearer.core.test;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.audit.AuditSink;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.usage.AuditEntry;
import dev.bearer.core.usage.AuditLogQuery;
import dev.bearer.core.usage.UsageQueryService;

import org.springframework.context.ApplicationContext;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A test's own view of the audit log. {@link #clear()} starts a test from drained audit
 * sinks and empty tables; the readers first wait until every sink has written what it
 * accepted, then return only the rows of one token or of one user-agent marker, never
 * "the first row of that event".
 */
public final class AuditTrail {

	/** How long a sink may take to write what it accepted before the test fails. */
	public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration ROW_TIMEOUT = Duration.ofSeconds(10);

	private final ApplicationContext context;

	private final JdbcTemplate jdbc;

	private final BearerSchema schema;

	private final UsageQueryService usage;

	/** The audit trail of the tables and sinks of {@code context}. */
	public AuditTrail(ApplicationContext context) {
		this.context = context;
		this.schema = context.getBean(BearerSchema.class);
		this.jdbc = new JdbcTemplate(this.schema.dataSource());
		this.usage = context.getBean(UsageQueryService.class);
	}

	/**
	 * Waits until every {@link AuditSink} of {@code context} has written, rejected or
	 * dropped what it accepted.
	 */
	public static void drain(ApplicationContext context) {
		context.getBeansOfType(AuditSink.class).forEach((name, sink) -> {
			if (!sink.flush(DRAIN_TIMEOUT)) {
				throw new AssertionError("Audit sink '" + name + "' still held unwritten rows after " + DRAIN_TIMEOUT);
			}
		});
	}

	/**
	 * Drains the sinks, then deletes every audit row, token and group (in the tables of
	 * the context's {@link BearerSchema}).
	 */
	public void clear() {
		drain(this.context);
		this.jdbc.update("delete from " + this.schema.auditLogsTable());
		this.jdbc.update("delete from " + this.schema.tokensTable());
		this.jdbc.update("delete from " + this.schema.tokenGroupsTable());
	}

	/**
	 * The rows of token {@code tokenId} of these events (every event when none is given),
	 * oldest first.
	 */
	public List<AuditEntry> ofToken(long tokenId, AuditEvent... events) {
		drain(this.context);
		return every(this.usage.query().token(tokenId).events(eventsOrAll(events)).oldestFirst());
	}

	/**
	 * The rows whose user agent is {@code marker}, of these events (every event when none
	 * is given), oldest first.
	 */
	public List<AuditEntry> markedBy(String marker, AuditEvent... events) {
		Objects.requireNonNull(marker, "marker must not be null");
		drain(this.context);
		return every(this.usage.query().events(eventsOrAll(events)).oldestFirst()).stream()
			.filter(entry -> marker.equals(entry.userAgent()))
			.toList();
	}

	/**
	 * Every entry of {@code query}, page by page (a list stops at
	 * {@link UsageQueryService#MAX_PAGE_SIZE}); a row read twice because another arrived
	 * while paging is kept once.
	 */
	private static List<AuditEntry> every(AuditLogQuery query) {
		Map<Long, AuditEntry> entries = new LinkedHashMap<>();
		Page<AuditEntry> page = query.page(PageRequest.of(0, UsageQueryService.MAX_PAGE_SIZE));
		page.forEach(entry -> entries.putIfAbsent(entry.id(), entry));
		while (page.hasNext()) {
			page = query.page(page.nextPageable());
			page.forEach(entry -> entries.putIfAbsent(entry.id(), entry));
		}
		return List.copyOf(entries.values());
	}

	/**
	 * The one row of token {@code tokenId} and {@code event}, waiting for it to arrive:
	 * for requests to a real server, whose row is handed to the sink after the client
	 * already has its answer.
	 */
	public AuditEntry awaitOne(long tokenId, AuditEvent event) throws InterruptedException {
		return awaitOne(() -> ofToken(tokenId, event), "token " + tokenId + " and event " + event.code());
	}

	/**
	 * The one row with user agent {@code marker} and {@code event}, waiting for it to
	 * arrive (see {@link #awaitOne(long, AuditEvent)}).
	 */
	public AuditEntry awaitOne(String marker, AuditEvent event) throws InterruptedException {
		return awaitOne(() -> markedBy(marker, event), "marker " + marker + " and event " + event.code());
	}

	private static AuditEntry awaitOne(Supplier<List<AuditEntry>> rows, String description)
			throws InterruptedException {
		long deadline = System.nanoTime() + ROW_TIMEOUT.toNanos();
		List<AuditEntry> found = rows.get();
		while (found.isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(10);
			found = rows.get();
		}
		if (found.size() != 1) {
			throw new AssertionError(
					"Expected one audit row for " + description + " within " + ROW_TIMEOUT + " but found " + found);
		}
		return found.get(0);
	}

	private static Collection<AuditEvent> eventsOrAll(AuditEvent... events) {
		return (events.length > 0) ? List.of(events) : List.of(AuditEvent.values());
	}

}
