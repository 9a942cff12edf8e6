package dev.bearer.core.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.token.TokenOwner;

import org.springframework.data.domain.Pageable;

/**
 * Checks the usage queries' arguments and names the bad one in an
 * {@link IllegalArgumentException}.
 */
final class UsageArguments {

	/** The longest window or series accepted, in days (about a century). */
	static final int MAX_DAYS = 36_525;

	/** The longest window accepted, in hours. */
	static final int MAX_HOURS = MAX_DAYS * 24;

	private UsageArguments() {
	}

	/** A number of days between 1 and {@link #MAX_DAYS}. */
	static int days(int days) {
		if (days < 1 || days > MAX_DAYS) {
			throw new IllegalArgumentException("days must be between 1 and " + MAX_DAYS + " (was " + days + ")");
		}
		return days;
	}

	/** A number of hours between 1 and {@link #MAX_HOURS}. */
	static int hours(int hours) {
		if (hours < 1 || hours > MAX_HOURS) {
			throw new IllegalArgumentException("hours must be between 1 and " + MAX_HOURS + " (was " + hours + ")");
		}
		return hours;
	}

	/** A positive window of at most {@link #MAX_DAYS} days. */
	static Duration window(Duration window) {
		if (window == null || window.isNegative() || window.isZero()
				|| window.compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
			throw new IllegalArgumentException(
					"window must be positive and at most " + MAX_DAYS + " days (was " + window + ")");
		}
		return window;
	}

	/** A result limit between 1 and {@link UsageQueryService#MAX_PAGE_SIZE}. */
	static int limit(int limit) {
		if (limit < 1 || limit > UsageQueryService.MAX_PAGE_SIZE) {
			throw new IllegalArgumentException(
					"limit must be between 1 and " + UsageQueryService.MAX_PAGE_SIZE + " (was " + limit + ")");
		}
		return limit;
	}

	/** A threshold of at least 0: results must exceed it. */
	static long threshold(long threshold) {
		if (threshold < 0) {
			throw new IllegalArgumentException("threshold must not be negative (was " + threshold + ")");
		}
		return threshold;
	}

	/** A time zone. */
	static ZoneId zone(ZoneId zone) {
		if (zone == null) {
			throw new IllegalArgumentException("zone must not be null");
		}
		return zone;
	}

	/** A token owner. */
	static TokenOwner owner(TokenOwner owner) {
		if (owner == null) {
			throw new IllegalArgumentException("owner must not be null");
		}
		return owner;
	}

	/** An instant, named {@code name} in the message. */
	static Instant instant(Instant instant, String name) {
		if (instant == null) {
			throw new IllegalArgumentException(name + " must not be null");
		}
		return instant;
	}

	/** An IP address to match exactly. */
	static String ipAddress(String ipAddress) {
		if (ipAddress == null || ipAddress.isBlank()) {
			throw new IllegalArgumentException("ipAddress must not be blank");
		}
		return ipAddress;
	}

	/** A non-empty set of events without nulls, in declaration order. */
	static Set<AuditEvent> events(Collection<AuditEvent> events) {
		if (events == null || events.isEmpty() || events.stream().anyMatch(Objects::isNull)) {
			throw new IllegalArgumentException("events must not be empty or contain null (was " + events + ")");
		}
		return Collections.unmodifiableSet(EnumSet.copyOf(events));
	}

	/**
	 * A page request of at most {@link UsageQueryService#MAX_PAGE_SIZE} entries, without
	 * a sort: audit entries have a fixed order.
	 */
	static Pageable pageable(Pageable pageable) {
		if (pageable == null) {
			throw new IllegalArgumentException("pageable must not be null");
		}
		if (pageable.isUnpaged()) {
			throw new IllegalArgumentException(
					"pageable must be paged, with a page size of at most " + UsageQueryService.MAX_PAGE_SIZE);
		}
		if (pageable.getPageSize() > UsageQueryService.MAX_PAGE_SIZE) {
			throw new IllegalArgumentException("pageable page size must be at most " + UsageQueryService.MAX_PAGE_SIZE
					+ " (was " + pageable.getPageSize() + ")");
		}
		if (pageable.getSort().isSorted()) {
			throw new IllegalArgumentException("pageable must not carry a sort (was " + pageable.getSort()
					+ "): audit entries are always ordered by time");
		}
		return pageable;
	}

}
