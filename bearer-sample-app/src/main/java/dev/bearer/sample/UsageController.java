package dev.bearer.sample;

import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.token.Token;
import dev.bearer.core.token.TokenNotFoundException;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenQuota;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.usage.AuditEntry;
import dev.bearer.core.usage.DailyCount;
import dev.bearer.core.usage.HourlyCount;
import dev.bearer.core.usage.IpCount;
import dev.bearer.core.usage.TokenUsage;
import dev.bearer.core.usage.UsageQueryService;
import dev.bearer.core.usage.UsageStatistics;
import dev.bearer.spring.ratelimit.QuotaLimiter;
import dev.bearer.spring.ratelimit.QuotaStatus;
import dev.bearer.spring.security.RequiresAbility;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every query of the usage-tracking guide as JSON, over {@link UsageQueryService}; needs
 * {@code usage:read}. Page sizes and limits go to the service as asked: one above
 * {@link UsageQueryService#MAX_PAGE_SIZE} is refused there and answered 400.
 */
@RestController
@RequestMapping("/api/usage")
@RequiresAbility("usage:read")
class UsageController {

	private final UsageQueryService usage;

	private final TokenService tokens;

	private final QuotaLimiter quotas;

	private final ExpiryWarningLog warnings;

	UsageController(UsageQueryService usage, TokenService tokens, QuotaLimiter quotas, ExpiryWarningLog warnings) {
		this.usage = usage;
		this.tokens = tokens;
		this.quotas = quotas;
		this.warnings = warnings;
	}

	/** The latest expiry warnings of the owner's keys, newest first. */
	@GetMapping("/owners/{type}/{id}/warnings")
	List<ExpiryWarningLog.Warning> warnings(@PathVariable String type, @PathVariable String id) {
		return this.warnings.latestOf(new TokenOwner(type, id));
	}

	@GetMapping("/owners/{type}/{id}/tokens")
	List<Token> ownerTokens(@PathVariable String type, @PathVariable String id) {
		return this.tokens.listByOwner(new TokenOwner(type, id));
	}

	@GetMapping("/owners/{type}/{id}/statistics")
	UsageStatistics statistics(@PathVariable String type, @PathVariable String id,
			@RequestParam(defaultValue = "30") int days) {
		return this.usage.statistics(new TokenOwner(type, id), days);
	}

	@GetMapping("/owners/{type}/{id}/total")
	Map<String, Long> ownerTotal(@PathVariable String type, @PathVariable String id) {
		return Map.of("total", this.usage.ownerAuthenticationCount(new TokenOwner(type, id)));
	}

	@GetMapping("/owners/{type}/{id}/most-active")
	List<TokenUsage> mostActive(@PathVariable String type, @PathVariable String id,
			@RequestParam(defaultValue = "10") int limit) {
		return this.usage.mostActiveTokens(new TokenOwner(type, id), limit);
	}

	@GetMapping("/tokens/{id}/authentications")
	Page<AuditEntry> authentications(@PathVariable long id, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		return this.usage.authentications(id, PageRequest.of(page, size));
	}

	@GetMapping("/tokens/{id}/count")
	Map<String, Long> count(@PathVariable long id) {
		return Map.of("count", this.usage.authenticationCount(id));
	}

	@GetMapping("/tokens/{id}/recent")
	List<AuditEntry> recent(@PathVariable long id, @RequestParam(defaultValue = "7") int days) {
		return this.usage.recentAuthentications(id, days);
	}

	/**
	 * What is left of the token's quota (requests of this day or month, or credits),
	 * without using any; {@code quota} is {@code null} for a token without one.
	 */
	@GetMapping("/tokens/{id}/quota")
	QuotaView quota(@PathVariable long id) {
		Token token = this.tokens.find(id).orElseThrow(() -> new TokenNotFoundException(id));
		QuotaStatus status = this.quotas.peek(token);
		return new QuotaView(status.quota(), status.remaining(),
				(status.quota() != null && !status.quota().isCredits()) ? status.reset().toSeconds() : null);
	}

	@GetMapping("/tokens/{id}/first-use")
	Optional<AuditEntry> firstUse(@PathVariable long id) {
		return this.usage.firstUse(id);
	}

	@GetMapping("/tokens/{id}/last-use")
	Optional<AuditEntry> lastUse(@PathVariable long id) {
		return this.usage.lastUse(id);
	}

	@GetMapping("/tokens/{id}/daily")
	List<DailyCount> daily(@PathVariable long id, @RequestParam(defaultValue = "30") int days,
			@RequestParam(defaultValue = "UTC") ZoneId zone) {
		return this.usage.dailyCounts(id, days, zone);
	}

	@GetMapping("/tokens/{id}/hourly")
	List<HourlyCount> hourly(@PathVariable long id, @RequestParam(defaultValue = "UTC") ZoneId zone,
			@RequestParam(required = false) Integer days) {
		return (days != null) ? this.usage.hourlyDistribution(id, zone, days) : this.usage.hourlyDistribution(id, zone);
	}

	@GetMapping("/tokens/{id}/ips")
	List<IpCount> ips(@PathVariable long id) {
		return this.usage.usageByIp(id);
	}

	@GetMapping("/tokens/{id}/lifecycle")
	List<AuditEntry> lifecycle(@PathVariable long id) {
		return this.usage.lifecycleEvents(id);
	}

	@GetMapping("/failures")
	Page<AuditEntry> failures(@RequestParam(defaultValue = "24") int hours, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		return this.usage.failedAttempts(hours, PageRequest.of(page, size));
	}

	@GetMapping("/suspicious-ips")
	List<IpCount> suspiciousIps(@RequestParam(defaultValue = "10") long threshold,
			@RequestParam(defaultValue = "60") long windowMinutes) {
		return this.usage.suspiciousIps(EnumSet.of(AuditEvent.FAILED, AuditEvent.IP_BLOCKED), threshold,
				Duration.ofMinutes(windowMinutes));
	}

	/**
	 * A token's quota and what is left of it.
	 *
	 * @param quota the quota, or {@code null}
	 * @param remaining the requests of this day or month, or the credits, left
	 * @param resetsInSeconds when the next day or month starts, or {@code null} for
	 * credits
	 */
	record QuotaView(TokenQuota quota, long remaining, Long resetsInSeconds) {
	}

}
