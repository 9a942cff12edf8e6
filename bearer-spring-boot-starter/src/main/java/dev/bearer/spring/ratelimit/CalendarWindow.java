package dev.bearer.spring.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import dev.bearer.core.token.TokenQuota;

/**
 * The calendar day or month an instant falls in, in a zone: when it starts and ends (a
 * day of 23 or 25 hours across a daylight-saving change, a month of its own length).
 *
 * @param start the first instant of the period
 * @param end the first instant of the next period
 */
record CalendarWindow(Instant start, Instant end) {

	/**
	 * The day or month ({@code period}) that {@code now} falls in, in {@code zone}.
	 */
	static CalendarWindow of(TokenQuota.Period period, ZoneId zone, Instant now) {
		LocalDate today = LocalDate.ofInstant(now, zone);
		LocalDate first = (period == TokenQuota.Period.MONTH) ? today.withDayOfMonth(1) : today;
		LocalDate next = (period == TokenQuota.Period.MONTH) ? first.plusMonths(1) : first.plusDays(1);
		return new CalendarWindow(first.atStartOfDay(zone).toInstant(), next.atStartOfDay(zone).toInstant());
	}

	/** How long the period lasts. */
	Duration length() {
		return Duration.between(this.start, this.end);
	}

	/** How long from {@code now} until the next period starts. */
	Duration remainingAt(Instant now) {
		return Duration.between(now, this.end);
	}

}
