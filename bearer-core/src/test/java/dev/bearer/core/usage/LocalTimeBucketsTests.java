package dev.bearer.core.usage;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import dev.bearer.core.schema.BearerDialect;
import dev.bearer.core.schema.DatabasePlatform;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The zone-offset expression {@link LocalTimeBuckets} builds from the zone rules. */
class LocalTimeBucketsTests {

	private static final Instant SPRING_FORWARD = Instant.parse("2026-03-29T01:00:00Z");

	private static final Instant FALL_BACK = Instant.parse("2026-10-25T01:00:00Z");

	@Test
	void fixedOffsetZoneIsAPlainNumber() {
		assertThat(LocalTimeBuckets.offsetSeconds(ZoneOffset.ofHoursMinutes(5, 45).getRules(),
				Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2030-01-01T00:00:00Z"), "e"))
			.isEqualTo("20700");
	}

	@Test
	void zoneWithoutTransitionsInRangeIsAPlainNumber() {
		assertThat(LocalTimeBuckets.offsetSeconds(ZoneId.of("Europe/Berlin").getRules(),
				Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2026-10-01T00:00:00Z"), "e"))
			.isEqualTo("7200");
	}

	@Test
	void yearInBerlinHasOneBranchPerTransition() {
		assertThat(LocalTimeBuckets.offsetSeconds(ZoneId.of("Europe/Berlin").getRules(),
				Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-12-31T00:00:00Z"), "e"))
			.isEqualTo("case when e < " + SPRING_FORWARD.getEpochSecond() + " then 3600 when e < "
					+ FALL_BACK.getEpochSecond() + " then 7200 else 3600 end");
	}

	@Test
	void rangeStartingExactlyAtATransitionUsesTheOffsetAfterIt() {
		assertThat(LocalTimeBuckets.offsetSeconds(ZoneId.of("Europe/Berlin").getRules(), SPRING_FORWARD,
				Instant.parse("2026-06-01T00:00:00Z"), "e"))
			.isEqualTo("7200");
	}

	@Test
	void rangeEndingExactlyAtATransitionIncludesIt() {
		assertThat(LocalTimeBuckets.offsetSeconds(ZoneId.of("Europe/Berlin").getRules(),
				Instant.parse("2026-06-01T00:00:00Z"), FALL_BACK, "e"))
			.isEqualTo("case when e < " + FALL_BACK.getEpochSecond() + " then 7200 else 3600 end");
	}

	@Test
	void dayAndHourUseTheDialectsIntegerDivision() {
		LocalTimeBuckets buckets = LocalTimeBuckets.of(BearerDialect.of(DatabasePlatform.MARIADB),
				ZoneId.of("Asia/Kolkata"), Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-12-31T00:00:00Z"),
				"e");

		assertThat(buckets.epochDay("e")).isEqualTo("(e + 19800) div 86400");
		assertThat(buckets.hourOfDay("e")).isEqualTo("(mod(e + 19800, 86400)) div 3600");
	}

}
