package dev.bearer.core.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.token.Token;
import dev.bearer.core.token.TokenOwner;

/**
 * The expected answer to every usage query, computed in plain Java from the rows the test
 * wrote: filters over a list, {@code java.time} for local days and hours. It shares no
 * code with the service, so a bug in either shows up as a difference.
 */
final class UsageOracle {

	private static final Comparator<AuditRow> NEWEST_FIRST = Comparator.comparing(AuditRow::createdAt)
		.thenComparing(AuditRow::id)
		.reversed();

	private static final Comparator<IpCount> MOST_FIRST = Comparator.comparingLong(IpCount::count)
		.reversed()
		.thenComparing(IpCount::ipAddress);

	private final List<AuditRow> rows;

	private final List<Token> tokens;

	private final Instant now;

	UsageOracle(List<AuditRow> rows, List<Token> tokens, Instant now) {
		this.rows = rows;
		this.tokens = tokens;
		this.now = now;
	}

	List<AuditEntry> authentications(long tokenId) {
		return newestFirst(row -> isAuthentication(row, tokenId));
	}

	long authenticationCount(long tokenId) {
		return authentications(tokenId).size();
	}

	List<AuditEntry> recentAuthentications(long tokenId, int days) {
		Instant after = this.now.minus(Duration.ofDays(days));
		return newestFirst(row -> isAuthentication(row, tokenId) && row.createdAt().isAfter(after));
	}

	Optional<AuditEntry> firstUse(long tokenId) {
		List<AuditEntry> all = authentications(tokenId);
		return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
	}

	Optional<AuditEntry> lastUse(long tokenId) {
		return authentications(tokenId).stream().findFirst();
	}

	List<DailyCount> dailyCounts(long tokenId, int days, ZoneId zone) {
		LocalDate today = LocalDate.ofInstant(this.now, zone);
		LocalDate first = today.minusDays(days - 1L);
		Map<LocalDate, Long> counts = this.rows.stream()
			.filter(row -> isAuthentication(row, tokenId))
			.map(row -> LocalDate.ofInstant(row.createdAt(), zone))
			.filter(date -> !date.isBefore(first) && !date.isAfter(today))
			.collect(Collectors.groupingBy(date -> date, Collectors.counting()));
		return first.datesUntil(today.plusDays(1))
			.map(date -> new DailyCount(date, counts.getOrDefault(date, 0L)))
			.toList();
	}

	List<HourlyCount> hourlyDistribution(long tokenId, ZoneId zone, Integer days) {
		Instant after = (days != null) ? this.now.minus(Duration.ofDays(days)) : Instant.MIN;
		Map<Integer, Long> counts = this.rows.stream()
			.filter(row -> isAuthentication(row, tokenId) && row.createdAt().isAfter(after))
			.collect(Collectors.groupingBy(row -> row.createdAt().atZone(zone).getHour(), Collectors.counting()));
		return IntStream.range(0, 24).mapToObj(hour -> new HourlyCount(hour, counts.getOrDefault(hour, 0L))).toList();
	}

	List<IpCount> usageByIp(long tokenId) {
		return ipCounts(row -> isAuthentication(row, tokenId), 0);
	}

	long ownerAuthenticationCount(TokenOwner owner) {
		Set<Long> ids = tokenIdsOf(owner);
		return this.rows.stream()
			.filter(row -> row.event() == AuditEvent.AUTHENTICATED && ids.contains(row.tokenId()))
			.count();
	}

	List<TokenUsage> mostActiveTokens(TokenOwner owner, int limit) {
		return this.tokens.stream()
			.filter(token -> token.owner().equals(owner))
			.map(token -> new TokenUsage(token.id(), token.name(), token.type(), token.environment(),
					token.displayPrefix(), authenticationCount(token.id())))
			.sorted(Comparator.comparingLong(TokenUsage::count).reversed().thenComparingLong(TokenUsage::tokenId))
			.limit(limit)
			.toList();
	}

	List<AuditEntry> failedAttempts(int hours) {
		Instant after = this.now.minus(Duration.ofHours(hours));
		return newestFirst(row -> AuditEvent.FAILURES.contains(row.event()) && row.createdAt().isAfter(after));
	}

	List<IpCount> suspiciousIps(Set<AuditEvent> events, long threshold, Duration window) {
		Instant after = this.now.minus(window);
		return ipCounts(row -> events.contains(row.event()) && row.createdAt().isAfter(after), threshold);
	}

	List<AuditEntry> lifecycleEvents(long tokenId) {
		return this.rows.stream()
			.filter(row -> Long.valueOf(tokenId).equals(row.tokenId()) && AuditEvent.LIFECYCLE.contains(row.event()))
			.sorted(NEWEST_FIRST.reversed())
			.map(AuditRow::toEntry)
			.toList();
	}

	UsageStatistics statistics(TokenOwner owner, int days) {
		List<Token> owned = this.tokens.stream().filter(token -> token.owner().equals(owner)).toList();
		Set<Long> ids = tokenIdsOf(owner);
		Instant after = this.now.minus(Duration.ofDays(days));
		List<AuditRow> window = this.rows.stream()
			.filter(row -> ids.contains(row.tokenId()) && row.createdAt().isAfter(after))
			.toList();
		List<AuditRow> requests = window.stream().filter(row -> row.event() == AuditEvent.AUTHENTICATED).toList();
		Map<String, Long> byEnvironment = new LinkedHashMap<>();
		byEnvironment.put("test", owned.stream().filter(token -> token.environment().code().equals("test")).count());
		byEnvironment.put("live", owned.stream().filter(token -> token.environment().code().equals("live")).count());
		Map<String, Long> byType = new LinkedHashMap<>();
		for (String type : List.of("sk", "pk", "rk")) {
			byType.put(type, owned.stream().filter(token -> token.type().equals(type)).count());
		}
		Map<String, Long> custom = new TreeMap<>();
		owned.stream()
			.filter(token -> !byType.containsKey(token.type()))
			.forEach(token -> custom.merge(token.type(), 1L, Long::sum));
		byType.putAll(custom);
		return new UsageStatistics(owned.size(), owned.stream().filter(token -> token.revokedAt() == null).count(),
				requests.size(), requests.stream().map(AuditRow::ipAddress).filter(ip -> ip != null).distinct().count(),
				window.stream()
					.filter(row -> Set.of(AuditEvent.FAILED, AuditEvent.EXPIRED, AuditEvent.IP_BLOCKED)
						.contains(row.event()))
					.count(),
				byEnvironment, byType);
	}

	/** The rows a fluent query with these conditions should return, newest first. */
	List<AuditEntry> matching(Predicate<AuditRow> condition) {
		return newestFirst(condition);
	}

	/** Whether the row belongs to one of {@code owner}'s tokens. */
	boolean ownedBy(AuditRow row, TokenOwner owner) {
		return tokenIdsOf(owner).contains(row.tokenId());
	}

	private List<IpCount> ipCounts(Predicate<AuditRow> condition, long moreThan) {
		return this.rows.stream()
			.filter(condition)
			.filter(row -> row.ipAddress() != null)
			.collect(Collectors.groupingBy(AuditRow::ipAddress, Collectors.counting()))
			.entrySet()
			.stream()
			.filter(entry -> entry.getValue() > moreThan)
			.map(entry -> new IpCount(entry.getKey(), entry.getValue()))
			.sorted(MOST_FIRST)
			.toList();
	}

	private List<AuditEntry> newestFirst(Predicate<AuditRow> condition) {
		return this.rows.stream().filter(condition).sorted(NEWEST_FIRST).map(AuditRow::toEntry).toList();
	}

	private Set<Long> tokenIdsOf(TokenOwner owner) {
		return this.tokens.stream()
			.filter(token -> token.owner().equals(owner))
			.map(Token::id)
			.collect(Collectors.toSet());
	}

	private static boolean isAuthentication(AuditRow row, long tokenId) {
		return row.event() == AuditEvent.AUTHENTICATED && Long.valueOf(tokenId).equals(row.tokenId());
	}

}
