package dev.bearer.docs;

// @formatter:off (the guide quotes this file line for line: it keeps the guide's layout)

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.time.ZoneId;

import javax.sql.DataSource;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenQuota;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.usage.AuditEntry;
import dev.bearer.core.usage.DailyCount;
import dev.bearer.core.usage.HourlyCount;
import dev.bearer.core.usage.IpCount;
import dev.bearer.core.usage.TokenCensus;
import dev.bearer.core.usage.TokenUsage;
import dev.bearer.core.usage.UsageQueryService;
import dev.bearer.core.usage.UsageStatistics;
import dev.bearer.spring.autoconfigure.BearerDataSource;
import dev.bearer.spring.security.BearerAbilities;
import dev.bearer.spring.security.BearerConfigurer;
import dev.bearer.spring.security.RequiresAbility;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The snippets of {@code docs/tokens.md}, {@code authentication.md}, {@code usage-analytics.md},
 * {@code configuration.md} and {@code operations.md}.
 */
final class GuideSnippets {

	private TokenService tokenService;

	private UsageQueryService usage;

	private GuideSnippets() {
	}

	IssuedToken issueWithEverySetting() {
		IssuedToken issued = tokenService.issue(IssueTokenRequest.builder(TokenOwner.of("user", 42), "Billing sync")
				.type("rk")
				.environment(TokenEnvironment.LIVE)
				.abilities("invoices:read", "invoices:write")
				.expiresAt(Instant.now().plus(Duration.ofDays(90)))
				.metadata(Map.of("team", "billing"))
				.allowedIps(List.of("203.0.113.7", "10.0.0.0/8", "2001:db8::/32"))
				.allowedDomains(List.of("billing.example.com", "*.example.org"))
				.rateLimitPerMinute(120)
				.build());
		return issued;
	}

	long quotas() {
		IssuedToken trial = tokenService.issue(IssueTokenRequest.builder(TokenOwner.of("team", 7), "Trial")
				.quota(TokenQuota.credits(1_000))
				.build());
		long left = tokenService.refillCredits(trial.token().id(), 500);
		tokenService.setQuota(trial.token().id(), TokenQuota.perMonth(100_000));
		return left;
	}

	@Bean
	SecurityFilterChain api(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests(requests -> requests
				.requestMatchers("/public/**").permitAll()
				.requestMatchers(HttpMethod.POST, "/orders").access(BearerAbilities.ability("orders:write"))
				.anyRequest().authenticated())
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.with(BearerConfigurer.bearer(), Customizer.withDefaults())
			.build();
	}

	@Bean
	SecurityFilterChain jwtsAndKeys(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
			.oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
			.with(BearerConfigurer.bearer(), Customizer.withDefaults())
			.build();
	}

	SecurityFilterChain actuator(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests(requests -> requests
				.requestMatchers("/actuator/health").permitAll()
				.requestMatchers("/actuator/bearer").access(BearerAbilities.ability("admin"))
				.anyRequest().authenticated())
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.with(BearerConfigurer.bearer(), Customizer.withDefaults())
			.build();
	}

	@Bean
	@BearerDataSource
	DataSource bearerDataSource() {
		return DataSourceBuilder.create().url("jdbc:postgresql://audit-db:5432/bearer").username("bearer").build();
	}

	UsageQueryService construct(DataSource dataSource, Clock clock) {
		UsageQueryService usage = new UsageQueryService(BearerSchema.of(dataSource), clock);
		return usage;
	}

	void allUsage(long tokenId) {
		Page<AuditEntry> page = usage.authentications(tokenId, PageRequest.of(0, 50));   // newest first
		List<AuditEntry> newest = usage.query().token(tokenId).events(AuditEvent.AUTHENTICATED).list();   // 1,000 at most
	}

	void count(long tokenId) {
		long totalUses = usage.authenticationCount(tokenId);
	}

	void recent(long tokenId) {
		List<AuditEntry> recent = usage.recentAuthentications(tokenId);        // 7 days, the newest 1,000 at most
		List<AuditEntry> lastMonth = usage.recentAuthentications(tokenId, 30);
		Page<AuditEntry> lastMonthPage = usage.recentAuthentications(tokenId, 30, PageRequest.of(0, 100));
	}

	void firstAndLast(long tokenId) {
		Optional<AuditEntry> firstUse = usage.firstUse(tokenId);
		Optional<AuditEntry> lastUse = usage.lastUse(tokenId);
	}

	void daily(long tokenId) {
		List<DailyCount> daily = usage.dailyCounts(tokenId, ZoneId.of("Europe/Berlin"));       // 30 days
		List<DailyCount> week = usage.dailyCounts(tokenId, 7, ZoneId.of("America/New_York"));
	}

	void hourly(long tokenId) {
		List<HourlyCount> hours = usage.hourlyDistribution(tokenId, ZoneId.of("Asia/Kolkata"));       // all history
		List<HourlyCount> lastWeek = usage.hourlyDistribution(tokenId, ZoneId.of("Asia/Kolkata"), 7);
	}

	void byIp(long tokenId) {
		List<IpCount> byIp = usage.usageByIp(tokenId);
	}

	void ownerTotal(long userId) {
		long totalUserUsage = usage.ownerAuthenticationCount(TokenOwner.of("user", userId));
	}

	void mostActive(TokenOwner owner) {
		List<TokenUsage> top10 = usage.mostActiveTokens(owner);
		List<TokenUsage> top3 = usage.mostActiveTokens(owner, 3);
	}

	void failures() {
		Page<AuditEntry> failed = usage.failedAttempts(PageRequest.of(0, 100));          // 24 hours, newest first
		Page<AuditEntry> lastHour = usage.failedAttempts(1, PageRequest.of(0, 100));
		long howMany = failed.getTotalElements();
	}

	void everyFailure() {
		Pageable pageable = PageRequest.of(0, UsageQueryService.MAX_PAGE_SIZE);
		Page<AuditEntry> page;
		do {
			page = usage.failedAttempts(24, pageable);
			page.forEach(System.out::println);
			pageable = page.nextPageable();
		} while (page.hasNext());
	}

	void suspicious() {
		List<IpCount> suspicious = usage.suspiciousIps();   // more than 10 failed or ip_blocked in the last hour
		List<IpCount> noisy = usage.suspiciousIps(EnumSet.of(AuditEvent.RATE_LIMITED), 100, Duration.ofMinutes(10));
	}

	void lifecycle(long tokenId) {
		List<AuditEntry> lifecycle = usage.lifecycleEvents(tokenId);   // created, rotated, revoked; oldest first
	}

	void statistics(TokenOwner owner) {
		UsageStatistics statistics = usage.statistics(owner);        // 30 days
		UsageStatistics lastWeek = usage.statistics(owner, 7);
		String json = JsonMapper.builder().build().writeValueAsString(statistics);
	}

	void census() {
		TokenCensus census = usage.tokenCensus();   // every owner's tokens, judged at the clock's now
		long active = census.count(TokenCensus.State.ACTIVE);
		List<TokenCensus.Count> counts = census.counts();   // per type, environment and state
	}

	void fluent(long tokenId) {
		Page<AuditEntry> blocked = usage.query()
				.owner(TokenOwner.of("user", 42))
				.events(AuditEvent.IP_BLOCKED, AuditEvent.DOMAIN_BLOCKED)
				.within(Duration.ofDays(7))
				.page(PageRequest.of(0, 50));

		long fromOneIp = usage.query()
				.token(tokenId)
				.ipAddress("203.0.113.7")
				.between(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"))
				.count();
	}

	@GetMapping("/reports")
	@RequiresAbility("reports:read")
	Map<String, Object> reports() {
		return Map.of("reports", 2);
	}

}
