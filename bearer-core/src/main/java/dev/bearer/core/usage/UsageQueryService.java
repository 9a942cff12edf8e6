package dev.bearer.core.usage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.audit.UsageRollups;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenNotFoundException;
import dev.bearer.core.token.TokenOwner;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * Answers usage-analytics questions over the audit log, for one token, one owner or all
 * tokens: every query of the usage-tracking guide. Aggregation happens in the database:
 * counts, daily counts, hourly distributions, usage by IP, owner totals, most active
 * tokens and the statistics summary add up the rollups the audit writer keeps (15-minute
 * UTC buckets per token and event, UTC days per token and IP, see
 * {@link dev.bearer.core.audit.UsageRollups}) and the raw rows they do not hold yet, so
 * they stay exact whatever the catch-up has done; lists, pages, first and last use,
 * failed attempts and suspicious IPs read raw rows. Rolling windows ("the last N days")
 * are relative to the {@link Clock} and, as in the guide, keep rows strictly after
 * {@code now - N}; day and hour buckets are computed in the {@link ZoneId} asked for,
 * exact across daylight-saving changes. Results are immutable records, never
 * {@code null}.
 * <p>
 * Results are bounded, so a flood of audit rows never comes back whole: a page, a list of
 * entries, IPs or tokens holds at most {@link #MAX_PAGE_SIZE} items, and a page size or
 * limit above it is refused rather than capped. Entry lists hold the first
 * {@link #MAX_PAGE_SIZE} in their order; the paged variants reach every row.
 * <p>
 * Per-token methods throw {@link TokenNotFoundException} for an unknown token id; bad
 * arguments throw an {@link IllegalArgumentException} that names the argument.
 */
public class UsageQueryService {

	/**
	 * The most items a page or list of this service or of its {@link AuditLogQuery}
	 * holds; a larger page size or limit is refused with an
	 * {@link IllegalArgumentException}, never silently capped.
	 */
	public static final int MAX_PAGE_SIZE = 1000;

	/** Days covered by {@link #recentAuthentications(long)}. */
	public static final int DEFAULT_RECENT_DAYS = 7;

	/** Days covered by {@link #dailyCounts(long, ZoneId)}. */
	public static final int DEFAULT_SERIES_DAYS = 30;

	/** Hours covered by {@link #failedAttempts(Pageable)}. */
	public static final int DEFAULT_FAILURE_HOURS = 24;

	/** Events {@link #suspiciousIps()} counts: {@code failed} and {@code ip_blocked}. */
	public static final Set<AuditEvent> DEFAULT_SUSPICIOUS_EVENTS = Collections
		.unmodifiableSet(EnumSet.of(AuditEvent.FAILED, AuditEvent.IP_BLOCKED));

	/**
	 * An IP is suspicious in {@link #suspiciousIps()} with more than this many attempts.
	 */
	public static final long DEFAULT_SUSPICIOUS_THRESHOLD = 10;

	/** The window {@link #suspiciousIps()} looks at. */
	public static final Duration DEFAULT_SUSPICIOUS_WINDOW = Duration.ofHours(1);

	/**
	 * The metadata key of a row that stands for several attempts in
	 * {@link #suspiciousIps(Set, long, Duration)}.
	 */
	public static final String ATTEMPTS = "attempts";

	/** Tokens returned by {@link #mostActiveTokens(TokenOwner)}. */
	public static final int DEFAULT_MOST_ACTIVE_LIMIT = 10;

	/** Days covered by {@link #statistics(TokenOwner)}. */
	public static final int DEFAULT_STATISTICS_DAYS = 30;

	/**
	 * Events counted as {@code failed_attempts} in {@link #statistics(TokenOwner, int)}:
	 * the guide's three.
	 */
	public static final Set<AuditEvent> STATISTICS_FAILURES = Collections
		.unmodifiableSet(EnumSet.of(AuditEvent.FAILED, AuditEvent.EXPIRED, AuditEvent.IP_BLOCKED));

	/** Token types always present in {@link UsageStatistics#byType()}. */
	private static final List<String> STANDARD_TYPES = List.of("sk", "pk", "rk");

	private static final String EPOCH_SECOND = "epoch_second";

	private static final String TOKEN_EVENT = " where " + UsageSql.FOR_TOKEN + " and " + UsageSql.FOR_EVENT;

	private final UsageDatabase database;

	private final Clock clock;

	/**
	 * A service reading the tables of {@code schema}, with windows relative to
	 * {@code clock}.
	 */
	public UsageQueryService(BearerSchema schema, Clock clock) {
		this(schema, clock, JsonMapper.builder().build());
	}

	/**
	 * A service reading the tables of {@code schema}, with windows relative to
	 * {@code clock}, parsing metadata with {@code jsonMapper}.
	 */
	public UsageQueryService(BearerSchema schema, Clock clock, JsonMapper jsonMapper) {
		Objects.requireNonNull(schema, "schema must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.database = new UsageDatabase(schema, Objects.requireNonNull(jsonMapper, "jsonMapper must not be null"));
	}

	/** A new query over the whole audit log, to narrow down with conditions. */
	public AuditLogQuery query() {
		return new AuditLogQuery(this.database, this.clock);
	}

	/**
	 * A page of the token's {@code authenticated} rows, newest first; {@code pageable}
	 * must not carry a sort and asks for at most {@link #MAX_PAGE_SIZE} entries.
	 */
	public Page<AuditEntry> authentications(long tokenId, Pageable pageable) {
		return authenticationsOf(tokenId).page(pageable, () -> authenticationCount(tokenId));
	}

	/** How many requests the token has authenticated, over all its history. */
	public long authenticationCount(long tokenId) {
		this.database.requireToken(tokenId);
		return this.database.count(RollupSql.TOKEN_COUNT.formatted(this.database.rollupTail()),
				tokenEvent(tokenId, AuditEvent.AUTHENTICATED));
	}

	/**
	 * The token's newest {@code authenticated} rows of the last
	 * {@value #DEFAULT_RECENT_DAYS} days, at most {@link #MAX_PAGE_SIZE} of them.
	 */
	public List<AuditEntry> recentAuthentications(long tokenId) {
		return recentAuthentications(tokenId, DEFAULT_RECENT_DAYS);
	}

	/**
	 * The token's {@code authenticated} rows strictly after now minus {@code days} days,
	 * newest first, at most {@link #MAX_PAGE_SIZE} of them; page with
	 * {@link #recentAuthentications(long, int, Pageable)} for all.
	 */
	public List<AuditEntry> recentAuthentications(long tokenId, int days) {
		return authenticationsOf(tokenId).after(daysAgo(days)).list();
	}

	/**
	 * A page of {@link #recentAuthentications(long, int)}; {@code pageable} must not
	 * carry a sort and asks for at most {@link #MAX_PAGE_SIZE} entries.
	 */
	public Page<AuditEntry> recentAuthentications(long tokenId, int days, Pageable pageable) {
		return authenticationsOf(tokenId).after(daysAgo(days)).page(pageable);
	}

	/** The token's first {@code authenticated} row, if it was ever used. */
	public Optional<AuditEntry> firstUse(long tokenId) {
		return authenticationsOf(tokenId).oldestFirst().first();
	}

	/** The token's latest {@code authenticated} row, if it was ever used. */
	public Optional<AuditEntry> lastUse(long tokenId) {
		return authenticationsOf(tokenId).first();
	}

	/**
	 * The token's authentications per local day in {@code zone} over the last
	 * {@value #DEFAULT_SERIES_DAYS} days.
	 */
	public List<DailyCount> dailyCounts(long tokenId, ZoneId zone) {
		return dailyCounts(tokenId, DEFAULT_SERIES_DAYS, zone);
	}

	/**
	 * The token's authentications per local day in {@code zone}: one entry for each of
	 * the {@code days} days ending today (in {@code zone}), oldest first, zeros included.
	 * The window is made of whole local days: from the start of the first day to the end
	 * of today.
	 */
	public List<DailyCount> dailyCounts(long tokenId, int days, ZoneId zone) {
		UsageArguments.days(days);
		UsageArguments.zone(zone);
		this.database.requireToken(tokenId);
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), zone);
		LocalDate firstDay = today.minusDays(days - 1L);
		LocalDate tomorrow = today.plusDays(1);
		Instant from = firstDay.atStartOfDay(zone).toInstant();
		Instant to = tomorrow.atStartOfDay(zone).toInstant();
		MapSqlParameterSource parameters = tokenEvent(tokenId, AuditEvent.AUTHENTICATED)
			.addValue("from", this.database.instant(from))
			.addValue("to", this.database.instant(to))
			.addValue("fromSecond", from.getEpochSecond())
			.addValue("toSecond", to.getEpochSecond());
		LocalTimeBuckets buckets = LocalTimeBuckets.of(this.database.dialect(), zone, from, to, EPOCH_SECOND);
		String day = buckets.epochDay(EPOCH_SECOND);
		String tail = RollupSql.TAIL_STAMPED.formatted(epochSecondOfRow(),
				"a.created_at >= :from and a.created_at < :to and " + this.database.rollupTail());
		Map<Long, Long> counts;
		if (LocalTimeBuckets.alignedTo(zone, from, to, UsageRollups.SECONDS_PER_HOUR)) {
			counts = stampedCounts(day, List.of(
					RollupSql.HOURS_STAMPED.formatted(" and hour_start >= :fromSecond and hour_start < :toSecond"),
					tail), parameters);
		}
		else if (LocalTimeBuckets.alignedTo(zone, from, to, UsageRollups.BUCKET_SECONDS)) {
			counts = stampedCounts(day, List.of(RollupSql.BUCKETS_STAMPED
				.formatted(" and bucket_start >= :fromSecond and bucket_start < :toSecond"), tail), parameters);
		}
		else {
			counts = bucketCounts(day, TOKEN_EVENT + " and " + UsageSql.FROM + " and " + UsageSql.BEFORE, parameters);
		}
		return firstDay.datesUntil(tomorrow)
			.map(date -> new DailyCount(date, counts.getOrDefault(date.toEpochDay(), 0L)))
			.toList();
	}

	/**
	 * The token's authentications per local hour of day in {@code zone} over all its
	 * history: 24 entries, hour 0 first.
	 */
	public List<HourlyCount> hourlyDistribution(long tokenId, ZoneId zone) {
		UsageArguments.zone(zone);
		return hourly(tokenId, zone, null);
	}

	/**
	 * The token's authentications per local hour of day in {@code zone}, of rows strictly
	 * after now minus {@code days} days: 24 entries, hour 0 first.
	 */
	public List<HourlyCount> hourlyDistribution(long tokenId, ZoneId zone, int days) {
		UsageArguments.zone(zone);
		return hourly(tokenId, zone, daysAgo(days));
	}

	/**
	 * The token's authentications per IP address, most first (ties in IP order), for at
	 * most {@link #MAX_PAGE_SIZE} IPs; rows without an IP are left out.
	 */
	public List<IpCount> usageByIp(long tokenId) {
		this.database.requireToken(tokenId);
		String sql = RollupSql.USES_BY_IP.formatted(this.database.rollupTail(),
				this.database.dialect().byteOrder("ip_address"));
		return this.database.query(sql, tokenEvent(tokenId, AuditEvent.AUTHENTICATED).addValue("limit", MAX_PAGE_SIZE),
				(resultSet, row) -> new IpCount(resultSet.getString("ip_address"), resultSet.getLong("uses")));
	}

	/**
	 * How many requests all of the owner's tokens have authenticated, over all their
	 * history.
	 */
	public long ownerAuthenticationCount(TokenOwner owner) {
		return this.database.count(RollupSql.OWNER_COUNT.formatted(this.database.rollupTail()),
				ownerParameters(owner).addValue("event", AuditEvent.AUTHENTICATED.code()));
	}

	/** The owner's {@value #DEFAULT_MOST_ACTIVE_LIMIT} most used tokens. */
	public List<TokenUsage> mostActiveTokens(TokenOwner owner) {
		return mostActiveTokens(owner, DEFAULT_MOST_ACTIVE_LIMIT);
	}

	/**
	 * The owner's {@code limit} most used tokens by {@code authenticated} rows, most
	 * first (ties by token id); tokens never used are included with a count of zero,
	 * revoked tokens too. {@code limit} is between 1 and {@link #MAX_PAGE_SIZE}.
	 */
	public List<TokenUsage> mostActiveTokens(TokenOwner owner, int limit) {
		MapSqlParameterSource parameters = ownerParameters(owner).addValue("event", AuditEvent.AUTHENTICATED.code())
			.addValue("limit", UsageArguments.limit(limit));
		return this.database.query(RollupSql.MOST_ACTIVE_TOKENS.formatted(this.database.rollupTail()), parameters,
				UsageQueryService::tokenUsage);
	}

	/**
	 * A page of the refused authentications of the last {@value #DEFAULT_FAILURE_HOURS}
	 * hours (see {@link #failedAttempts(int, Pageable)}).
	 */
	public Page<AuditEntry> failedAttempts(Pageable pageable) {
		return failedAttempts(DEFAULT_FAILURE_HOURS, pageable);
	}

	/**
	 * A page of the refused authentications ({@link AuditEvent#FAILURES}: failed,
	 * expired, ip_blocked, domain_blocked, rate_limited) strictly after now minus
	 * {@code hours} hours, newest first, unknown tokens included, with their number.
	 * Anyone can cause failure rows, so they come only in pages: {@code pageable} must
	 * not carry a sort and asks for at most {@link #MAX_PAGE_SIZE} entries.
	 */
	public Page<AuditEntry> failedAttempts(int hours, Pageable pageable) {
		return failures(hours).page(pageable);
	}

	/**
	 * IPs with more than {@value #DEFAULT_SUSPICIOUS_THRESHOLD} {@code failed} or
	 * {@code ip_blocked} attempts in the last hour, most first, at most
	 * {@link #MAX_PAGE_SIZE} of them.
	 */
	public List<IpCount> suspiciousIps() {
		return suspiciousIps(DEFAULT_SUSPICIOUS_EVENTS, DEFAULT_SUSPICIOUS_THRESHOLD, DEFAULT_SUSPICIOUS_WINDOW);
	}

	/**
	 * IPs with more than {@code threshold} attempts of {@code events} strictly after now
	 * minus {@code window}, most first (ties in IP order), at most {@link #MAX_PAGE_SIZE}
	 * of them, over all tokens including unknown ones; rows without an IP are left out. A
	 * row is one attempt, except a row without a token whose metadata has a whole-number
	 * {@value #ATTEMPTS} (the one row per client and window the failure budget writes for
	 * the requests it refused): it stands for that many.
	 */
	public List<IpCount> suspiciousIps(Set<AuditEvent> events, long threshold, Duration window) {
		Set<AuditEvent> checked = UsageArguments.events(events);
		MapSqlParameterSource parameters = new MapSqlParameterSource()
			.addValue("events", checked.stream().map(AuditEvent::code).toList())
			.addValue("threshold", UsageArguments.threshold(threshold))
			.addValue("after", this.database.instant(this.clock.instant().minus(UsageArguments.window(window))))
			.addValue("limit", MAX_PAGE_SIZE);
		String attempts = UsageSql.ATTEMPTS.formatted(this.database.dialect().jsonInteger("metadata", ATTEMPTS));
		String sql = UsageSql.SUSPICIOUS_IPS.formatted(attempts, this.database.dialect().byteOrder("ip_address"));
		return this.database.query(sql, parameters,
				(resultSet, row) -> new IpCount(resultSet.getString("ip_address"), resultSet.getLong("attempts")));
	}

	/**
	 * The token's {@code created}, {@code rotated} and {@code revoked} rows, oldest first
	 * (at most {@link #MAX_PAGE_SIZE}, far more than a token has).
	 */
	public List<AuditEntry> lifecycleEvents(long tokenId) {
		return query().token(tokenId).events(AuditEvent.LIFECYCLE).oldestFirst().list();
	}

	/** The owner's usage summary over the last {@value #DEFAULT_STATISTICS_DAYS} days. */
	public UsageStatistics statistics(TokenOwner owner) {
		return statistics(owner, DEFAULT_STATISTICS_DAYS);
	}

	/**
	 * The owner's usage summary: token counts over all the owner's tokens, and request,
	 * IP and failure counts over rows strictly after now minus {@code days} days.
	 */
	public UsageStatistics statistics(TokenOwner owner, int days) {
		Instant after = daysAgo(days);
		MapSqlParameterSource parameters = ownerParameters(owner);
		TokenSummary tokens = tokenSummary(parameters);
		Set<AuditEvent> windowEvents = EnumSet.copyOf(STATISTICS_FAILURES);
		windowEvents.add(AuditEvent.AUTHENTICATED);
		long edge = nextBoundary(after, UsageRollups.BUCKET_SECONDS);
		long dayEdge = nextBoundary(after, UsageRollups.SECONDS_PER_DAY);
		parameters.addValue("authenticated", AuditEvent.AUTHENTICATED.code())
			.addValue("failures", STATISTICS_FAILURES.stream().map(AuditEvent::code).toList())
			.addValue("events", windowEvents.stream().map(AuditEvent::code).toList())
			.addValue("after", this.database.instant(after))
			.addValue("edgeSecond", edge)
			.addValue("edge", this.database.instant(Instant.ofEpochSecond(edge)))
			.addValue("dayEdgeDay", dayEdge / UsageRollups.SECONDS_PER_DAY)
			.addValue("dayEdge", this.database.instant(Instant.ofEpochSecond(dayEdge)));
		String tail = this.database.rollupTail();
		long uniqueIps = this.database.count(RollupSql.OWNER_IPS.formatted(tail), parameters);
		return this.database.single(RollupSql.OWNER_REQUESTS.formatted(tail), parameters,
				(resultSet, row) -> new UsageStatistics(tokens.total(), tokens.active(), resultSet.getLong("requests"),
						uniqueIps, resultSet.getLong("failures"), tokens.byEnvironment(), tokens.byType()))
			.orElseThrow();
	}

	/**
	 * All tokens, of every owner, counted by type, environment and state (active,
	 * expired, revoked) now, by the service's clock; one grouped query.
	 */
	public TokenCensus tokenCensus() {
		Instant now = this.clock.instant();
		MapSqlParameterSource parameters = new MapSqlParameterSource("now", this.database.instant(now));
		return new TokenCensus(now, this.database.query(UsageSql.TOKEN_CENSUS, parameters,
				(resultSet, row) -> new TokenCensus.Count(resultSet.getString("type"),
						TokenEnvironment.fromCode(resultSet.getString("environment")),
						TokenCensus.State.fromCode(resultSet.getString("state")), resultSet.getLong("tokens"))));
	}

	private TokenSummary tokenSummary(MapSqlParameterSource ownerParameters) {
		Map<String, Long> byEnvironment = new LinkedHashMap<>();
		for (TokenEnvironment environment : TokenEnvironment.values()) {
			byEnvironment.put(environment.code(), 0L);
		}
		Map<String, Long> byType = new LinkedHashMap<>();
		STANDARD_TYPES.forEach(type -> byType.put(type, 0L));
		Map<String, Long> customTypes = new TreeMap<>();
		long total = 0;
		long active = 0;
		for (TokenCount count : this.database.query(UsageSql.TOKEN_BREAKDOWN, ownerParameters,
				UsageQueryService::tokenCount)) {
			total += count.tokens();
			active += count.active();
			byEnvironment.merge(count.environment(), count.tokens(), Long::sum);
			(byType.containsKey(count.type()) ? byType : customTypes).merge(count.type(), count.tokens(), Long::sum);
		}
		byType.putAll(customTypes);
		return new TokenSummary(total, active, byEnvironment, byType);
	}

	private List<HourlyCount> hourly(long tokenId, ZoneId zone, Instant after) {
		this.database.requireToken(tokenId);
		MapSqlParameterSource parameters = tokenEvent(tokenId, AuditEvent.AUTHENTICATED);
		String where = TOKEN_EVENT;
		if (after != null) {
			where += " and " + UsageSql.AFTER;
			parameters.addValue("after", this.database.instant(after));
		}
		long[] counts = new long[24];
		Optional<TimeRange> range = timeRange(where, parameters, after);
		if (range.isPresent()) {
			Instant first = range.get().first();
			Instant last = range.get().last().isAfter(this.clock.instant()) ? range.get().last() : this.clock.instant();
			LocalTimeBuckets buckets = LocalTimeBuckets.of(this.database.dialect(), zone, first, last, EPOCH_SECOND);
			String hour = buckets.hourOfDay(EPOCH_SECOND);
			Map<Long, Long> hours;
			if (LocalTimeBuckets.alignedTo(zone, first, last, UsageRollups.SECONDS_PER_HOUR)) {
				hours = stampedCounts(hour, rollupParts(RollupSql.HOURS_STAMPED, "hour_start",
						UsageRollups.SECONDS_PER_HOUR, after, parameters), parameters);
			}
			else if (LocalTimeBuckets.alignedTo(zone, first, last, UsageRollups.BUCKET_SECONDS)) {
				hours = stampedCounts(hour, rollupParts(RollupSql.BUCKETS_STAMPED, "bucket_start",
						UsageRollups.BUCKET_SECONDS, after, parameters), parameters);
			}
			else {
				hours = bucketCounts(hour, where, parameters);
			}
			hours.forEach((hourOfDay, count) -> counts[hourOfDay.intValue()] = count);
		}
		return IntStream.range(0, counts.length).mapToObj(hour -> new HourlyCount(hour, counts[hour])).toList();
	}

	/**
	 * The stamped parts that count a token's rows strictly after {@code after} (or all):
	 * whole periods of the rollup {@code stamped} (whose time column {@code column} holds
	 * multiples of {@code seconds}) from the first boundary after it, 15-minute buckets
	 * up to that boundary, raw rows before the first bucket boundary, and the tail.
	 */
	private List<String> rollupParts(String stamped, String column, int seconds, Instant after,
			MapSqlParameterSource parameters) {
		String epochSecond = epochSecondOfRow();
		if (after == null) {
			return List.of(stamped.formatted(""),
					RollupSql.TAIL_STAMPED.formatted(epochSecond, this.database.rollupTail()));
		}
		long edge = nextBoundary(after, UsageRollups.BUCKET_SECONDS);
		long periodEdge = nextBoundary(after, seconds);
		parameters.addValue("edgeSecond", edge)
			.addValue("periodEdgeSecond", periodEdge)
			.addValue("edge", this.database.instant(Instant.ofEpochSecond(edge)));
		List<String> parts = new ArrayList<>();
		parts.add(stamped.formatted(" and " + column + " >= :periodEdgeSecond"));
		if (periodEdge > edge) {
			parts.add(RollupSql.BUCKETS_STAMPED
				.formatted(" and bucket_start >= :edgeSecond and bucket_start < :periodEdgeSecond"));
		}
		parts.add(RollupSql.RAW_STAMPED.formatted(epochSecond, "a.created_at > :after and a.created_at < :edge"));
		parts.add(RollupSql.TAIL_STAMPED.formatted(epochSecond,
				"a.created_at >= :edge and " + this.database.rollupTail()));
		return parts;
	}

	/**
	 * The instants a token's counted rows lie in, raw rows strictly after {@code after}
	 * (all when {@code null}) and, without {@code after}, rollup rows whose raw rows
	 * retention has removed; empty without any.
	 */
	private Optional<TimeRange> timeRange(String where, MapSqlParameterSource parameters, Instant after) {
		Optional<TimeRange> raw = this.database
			.query(UsageSql.TIME_RANGE + where, parameters,
					(resultSet, row) -> new TimeRange(this.database.readInstant(resultSet, "first_at"),
							this.database.readInstant(resultSet, "last_at")))
			.stream()
			.filter(range -> range.first() != null)
			.findFirst();
		if (after != null) {
			return raw.map(range -> new TimeRange(after, range.last()))
				.or(() -> Optional.of(new TimeRange(after, after)));
		}
		Optional<Long> firstBucket = this.database
			.query(RollupSql.FIRST_BUCKET, parameters, (resultSet, row) -> (Long) resultSet.getObject(1, Long.class))
			.stream()
			.filter(Objects::nonNull)
			.findFirst();
		if (firstBucket.isEmpty()) {
			return raw;
		}
		long second = firstBucket.get();
		Instant rollupFirst = Instant.ofEpochSecond(second - Math.floorMod(second, UsageRollups.SECONDS_PER_HOUR));
		return Optional.of(raw.map(
				range -> new TimeRange(range.first().isBefore(rollupFirst) ? range.first() : rollupFirst, range.last()))
			.orElse(new TimeRange(rollupFirst, rollupFirst)));
	}

	private Map<Long, Long> bucketCounts(String bucket, String where, MapSqlParameterSource parameters) {
		String sql = UsageSql.BUCKETS.formatted(this.database.dialect().epochSeconds("created_at"), where, bucket);
		return this.database
			.query(sql, parameters,
					(resultSet, row) -> Map.entry(resultSet.getLong("bucket"), resultSet.getLong("uses")))
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	/**
	 * Counts per local {@code bucket} of the stamped {@code parts} (rollup or raw rows
	 * with their UTC epoch second), added up.
	 */
	private Map<Long, Long> stampedCounts(String bucket, List<String> parts, MapSqlParameterSource parameters) {
		return this.database
			.query(RollupSql.BUCKETS.formatted(bucket, String.join("union all\n", parts)), parameters,
					(resultSet, row) -> Map.entry(resultSet.getLong("bucket"), resultSet.getLong("uses")))
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	private String epochSecondOfRow() {
		return this.database.dialect().epochSeconds("a.created_at");
	}

	/**
	 * The first multiple of {@code seconds} (as UTC epoch seconds) strictly after
	 * {@code instant}.
	 */
	private static long nextBoundary(Instant instant, int seconds) {
		return Math.floorDiv(instant.getEpochSecond(), seconds) * seconds + seconds;
	}

	private AuditLogQuery authenticationsOf(long tokenId) {
		return query().token(tokenId).events(AuditEvent.AUTHENTICATED);
	}

	private AuditLogQuery failures(int hours) {
		UsageArguments.hours(hours);
		return query().events(AuditEvent.FAILURES).after(this.clock.instant().minus(Duration.ofHours(hours)));
	}

	private Instant daysAgo(int days) {
		return this.clock.instant().minus(Duration.ofDays(UsageArguments.days(days)));
	}

	private static MapSqlParameterSource tokenEvent(long tokenId, AuditEvent event) {
		return new MapSqlParameterSource("tokenId", tokenId).addValue("event", event.code());
	}

	private static MapSqlParameterSource ownerParameters(TokenOwner owner) {
		UsageArguments.owner(owner);
		return new MapSqlParameterSource("ownerType", owner.type()).addValue("ownerId", owner.id());
	}

	private static TokenUsage tokenUsage(ResultSet resultSet, int row) throws SQLException {
		return new TokenUsage(resultSet.getLong("id"), resultSet.getString("name"), resultSet.getString("type"),
				TokenEnvironment.fromCode(resultSet.getString("environment")), resultSet.getString("display_prefix"),
				resultSet.getLong("uses"));
	}

	private static TokenCount tokenCount(ResultSet resultSet, int row) throws SQLException {
		return new TokenCount(resultSet.getString("type"), resultSet.getString("environment"),
				resultSet.getLong("tokens"), resultSet.getLong("active"));
	}

	private record TimeRange(Instant first, Instant last) {
	}

	private record TokenCount(String type, String environment, long tokens, long active) {
	}

	private record TokenSummary(long total, long active, Map<String, Long> byEnvironment, Map<String, Long> byType) {
	}

}
