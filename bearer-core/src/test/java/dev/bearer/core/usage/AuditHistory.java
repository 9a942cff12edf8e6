package dev.bearer.core.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.bearer.core.audit.AuditEvent;

/**
 * A deterministic, random-looking audit history for the oracle tests: every event kind,
 * unknown tokens, missing IPs and user agents, JSON metadata, rows spread over ten months
 * with extra rows on daylight-saving changes, on local midnights of odd-offset zones, and
 * exactly on the edges of every window the queries use.
 */
final class AuditHistory {

	/** The zones the oracle tests check; the JVM itself runs in Pacific/Chatham. */
	static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"), ZoneId.of("Asia/Kolkata"),
			ZoneId.of("America/New_York"), ZoneId.of("Asia/Kathmandu"), ZoneId.of("Pacific/Chatham"));

	/** The day windows the oracle tests check. */
	static final List<Integer> DAY_WINDOWS = List.of(1, 7, 30, 250);

	/** IPs, chosen so that numeric, collation and code-point order disagree. */
	static final List<String> IPS = List.of("10.0.0.1", "100.0.0.1", "9.9.9.9", "10.0.0.10", "192.0.2.1", "2001:db8::1",
			"2001:db8::a", "203.0.113.9", "198.51.100.7", "::1");

	private static final List<String> USER_AGENTS = List.of("curl/8.5.0", "Mozilla/5.0 (X11; Linux x86_64)",
			"bearer-client/1.2");

	private static final List<AuditEvent> EVENTS = weighted();

	private final Random random;

	private final Instant now;

	private final List<Long> tokenIds;

	private final long mainToken;

	private final List<AuditRow> rows = new ArrayList<>();

	private long nextId;

	private AuditHistory(long seed, Instant now, List<Long> tokenIds, long firstId) {
		this.random = new Random(seed);
		this.now = now;
		this.tokenIds = tokenIds;
		this.mainToken = tokenIds.get(0);
		this.nextId = firstId;
	}

	/**
	 * The history: {@code randomRows} random rows over the 300 days before {@code now} on
	 * {@code tokenIds} (and unknown tokens), plus the edge rows, most of them on the
	 * first token.
	 */
	static List<AuditRow> generate(long seed, Instant now, List<Long> tokenIds, int randomRows, long firstId) {
		AuditHistory history = new AuditHistory(seed, now, tokenIds, firstId);
		for (int i = 0; i < randomRows; i++) {
			history.randomRow();
		}
		history.daylightSavingEdges();
		history.oddOffsetMidnights();
		history.windowEdges();
		history.recentFailures();
		return List.copyOf(history.rows);
	}

	private void randomRow() {
		AuditEvent event = EVENTS.get(this.random.nextInt(EVENTS.size()));
		boolean unknownToken = AuditEvent.FAILURES.contains(event) && this.random.nextInt(4) == 0;
		Long token = unknownToken ? null : this.tokenIds.get(this.random.nextInt(this.tokenIds.size()));
		long micros = (long) (this.random.nextDouble() * Duration.ofDays(300).toNanos() / 1000);
		add(token, event, this.now.minus(micros, ChronoUnit.MICROS));
	}

	private void daylightSavingEdges() {
		for (String instant : List.of(
				// Europe/Berlin, spring forward on 2026-03-29 at 01:00 UTC: a 23-hour day
				"2026-03-28T22:59:59.999999Z", "2026-03-28T23:00:00Z", "2026-03-29T00:30:00Z",
				"2026-03-29T00:59:59.999999Z", "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z",
				"2026-03-29T21:59:59.999999Z", "2026-03-29T22:00:00Z",
				// Europe/Berlin, fall back on 2026-10-25 at 01:00 UTC: a 25-hour day
				"2026-10-24T21:59:59.999999Z", "2026-10-24T22:00:00Z", "2026-10-25T00:30:00Z",
				"2026-10-25T00:59:59.999999Z", "2026-10-25T01:00:00Z", "2026-10-25T01:30:00Z",
				"2026-10-25T22:59:59.999999Z", "2026-10-25T23:00:00Z",
				// America/New_York, 2026-03-08 at 07:00 UTC and 2026-11-01 at 06:00 UTC
				"2026-03-08T04:59:59.999999Z", "2026-03-08T06:59:59.999999Z", "2026-03-08T07:00:00Z",
				"2026-11-01T03:59:59.999999Z", "2026-11-01T04:00:00Z", "2026-11-01T05:30:00Z",
				"2026-11-01T05:59:59.999999Z", "2026-11-01T06:00:00Z", "2026-11-01T06:30:00Z",
				// Pacific/Chatham (+13:45/+12:45), 2026-04-04 at 14:00 UTC and 2026-09-26
				// at 14:00 UTC
				"2026-04-04T13:59:59.999999Z", "2026-04-04T14:00:00Z", "2026-09-26T13:59:59.999999Z",
				"2026-09-26T14:00:00Z")) {
			add(this.mainToken, AuditEvent.AUTHENTICATED, Instant.parse(instant));
		}
	}

	private void oddOffsetMidnights() {
		for (int daysBack = 0; daysBack < 260; daysBack += 13) {
			Instant day = this.now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(daysBack + 1L));
			for (String time : List.of("18:14:59.999999", "18:15:00", "18:29:59.999999", "18:30:00", "19:00:00")) {
				Instant at = Instant.parse(day.toString().substring(0, 11) + time + "Z");
				add(this.mainToken, AuditEvent.AUTHENTICATED, at);
			}
		}
	}

	private void windowEdges() {
		for (int days : List.of(1, 7, 30, 250)) {
			Instant edge = this.now.minus(Duration.ofDays(days));
			add(this.mainToken, AuditEvent.AUTHENTICATED, edge);
			add(this.mainToken, AuditEvent.AUTHENTICATED, edge.plus(1, ChronoUnit.MICROS));
			add(this.mainToken, AuditEvent.FAILED, edge);
			add(this.mainToken, AuditEvent.EXPIRED, edge.plus(1, ChronoUnit.MICROS));
		}
		for (ZoneId zone : ZONES) {
			LocalDate today = LocalDate.ofInstant(this.now, zone);
			for (int days : DAY_WINDOWS) {
				Instant start = today.minusDays(days - 1L).atStartOfDay(zone).toInstant();
				add(this.mainToken, AuditEvent.AUTHENTICATED, start);
				add(this.mainToken, AuditEvent.AUTHENTICATED, start.minus(1, ChronoUnit.MICROS));
			}
		}
		add(this.mainToken, AuditEvent.AUTHENTICATED, this.now);
	}

	private void recentFailures() {
		Instant hourAgo = this.now.minus(Duration.ofHours(1));
		Instant dayAgo = this.now.minus(Duration.ofDays(1));
		for (int i = 0; i < 11; i++) {
			add(null, AuditEvent.FAILED, "203.0.113.9", hourAgo.plusSeconds(60 + i * 60L));
		}
		for (int i = 0; i < 10; i++) {
			add(this.mainToken, AuditEvent.IP_BLOCKED, "192.0.2.1", hourAgo.plusSeconds(90 + i * 60L));
		}
		add(this.mainToken, AuditEvent.IP_BLOCKED, "192.0.2.1", hourAgo);
		for (int i = 0; i < 13; i++) {
			AuditEvent event = (i % 2 == 0) ? AuditEvent.FAILED : AuditEvent.IP_BLOCKED;
			add(this.tokenIds.get(1), event, "198.51.100.7", hourAgo.plusSeconds(30 + i * 120L));
		}
		for (int i = 0; i < 12; i++) {
			add(this.mainToken, AuditEvent.RATE_LIMITED, "2001:db8::a", hourAgo.plusSeconds(45 + i * 60L));
			add(null, AuditEvent.FAILED, null, hourAgo.plusSeconds(50 + i * 60L));
		}
		add(null, AuditEvent.DOMAIN_BLOCKED, "9.9.9.9", dayAgo);
		add(null, AuditEvent.DOMAIN_BLOCKED, "9.9.9.9", dayAgo.plus(1, ChronoUnit.MICROS));
	}

	private void add(Long token, AuditEvent event, Instant at) {
		String ip = (this.random.nextInt(10) == 0) ? null : IPS.get(this.random.nextInt(IPS.size()));
		add(token, event, ip, at);
	}

	private void add(Long token, AuditEvent event, String ip, Instant at) {
		String userAgent = (this.random.nextInt(8) == 0) ? null
				: USER_AGENTS.get(this.random.nextInt(USER_AGENTS.size()));
		this.rows.add(new AuditRow(this.nextId++, token, event, ip, userAgent, metadata(event), at));
	}

	private Map<String, Object> metadata(AuditEvent event) {
		return switch (this.random.nextInt(4)) {
			case 0 -> null;
			case 1 -> Map.of("endpoint", "/v1/orders", "method", "GET", "status", 200, "response_time_ms", 12);
			case 2 -> Map.of("reason", event.code(), "tags", List.of("a", "b"), "request",
					Map.of("path", "/v1/items", "retry", true));
			default -> Map.of();
		};
	}

	private static List<AuditEvent> weighted() {
		List<AuditEvent> events = new ArrayList<>();
		for (AuditEvent event : AuditEvent.values()) {
			int weight = switch (event) {
				case AUTHENTICATED -> 24;
				case FAILED -> 4;
				case CREATED, ROTATED, REVOKED, DERIVED, REVEALED -> 1;
				default -> 2;
			};
			for (int i = 0; i < weight; i++) {
				events.add(event);
			}
		}
		return List.copyOf(events);
	}

}
