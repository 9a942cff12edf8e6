package dev.bearer.docs;

// @formatter:off (the guide quotes this file line for line: it keeps the guide's layout)

import java.time.ZoneId;
import java.util.List;

import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.usage.DailyCount;
import dev.bearer.core.usage.UsageQueryService;
import dev.bearer.core.usage.UsageStatistics;

import org.springframework.stereotype.Service;

/** Usage queries, from {@code docs/getting-started.md} and the README. */
@Service
class UsageReport {

	private final UsageQueryService usage;

	UsageReport(UsageQueryService usage) {
		this.usage = usage;
	}

	UsageStatistics lastMonth(long userId) {
		return this.usage.statistics(TokenOwner.of("user", userId), 30);
	}

	List<DailyCount> daily(long tokenId) {
		return this.usage.dailyCounts(tokenId, 30, ZoneId.of("Europe/Berlin"));
	}

}
