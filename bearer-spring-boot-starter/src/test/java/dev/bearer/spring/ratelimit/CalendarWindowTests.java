package dev.bearer.spring.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import dev.bearer.core.token.TokenQuota;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Calendar days and months of quotas, in zones with and without daylight saving. */
class CalendarWindowTests {

	private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	@Test
	void dayRunsFromMidnightToMidnightInTheZone() {
		CalendarWindow day = CalendarWindow.of(TokenQuota.Period.DAY, ZoneId.of("Asia/Tokyo"),
				Instant.parse("2026-06-01T14:59:59Z"));

		assertThat(day.start()).isEqualTo(Instant.parse("2026-05-31T15:00:00Z"));
		assertThat(day.end()).isEqualTo(Instant.parse("2026-06-01T15:00:00Z"));
		assertThat(day.remainingAt(Instant.parse("2026-06-01T14:59:59Z"))).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void daysOfADaylightSavingChangeLast23And25Hours() {
		assertThat(CalendarWindow.of(TokenQuota.Period.DAY, BERLIN, Instant.parse("2026-03-29T12:00:00Z")).length())
			.isEqualTo(Duration.ofHours(23));
		assertThat(CalendarWindow.of(TokenQuota.Period.DAY, BERLIN, Instant.parse("2026-10-25T12:00:00Z")).length())
			.isEqualTo(Duration.ofHours(25));
	}

	@Test
	void monthRunsFromItsFirstDayToTheNextMonthsInTheZone() {
		CalendarWindow february = CalendarWindow.of(TokenQuota.Period.MONTH, BERLIN,
				Instant.parse("2026-02-28T22:59:59Z"));
		CalendarWindow march = CalendarWindow.of(TokenQuota.Period.MONTH, BERLIN,
				Instant.parse("2026-02-28T23:00:00Z"));

		assertThat(february.start()).isEqualTo(Instant.parse("2026-01-31T23:00:00Z"));
		assertThat(february.length()).isEqualTo(Duration.ofDays(28));
		assertThat(march.start()).isEqualTo(february.end());
		assertThat(march.length()).isEqualTo(Duration.ofDays(31).minusHours(1));
	}

}
