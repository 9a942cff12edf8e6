package dev.bearer.core.usage;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

import dev.bearer.core.schema.BearerDialect;

/**
 * SQL expressions that put a row into its local day or hour of day in a time zone,
 * computed from UTC epoch seconds with plain arithmetic, so they need neither the
 * database's time-zone tables nor its session zone. The zone's UTC offsets over the
 * queried range come from {@link ZoneRules} and become a {@code case} over the
 * transitions, so days of 23 or 25 hours and offsets such as +05:30 or +05:45 come out
 * exact. Every number in the SQL is computed here from the zone rules, never taken from
 * caller input.
 */
final class LocalTimeBuckets {

	/** Seconds in a local day. */
	static final int SECONDS_PER_DAY = 86_400;

	/** Seconds in an hour. */
	static final int SECONDS_PER_HOUR = 3_600;

	private final BearerDialect dialect;

	private final String offsetSeconds;

	private LocalTimeBuckets(BearerDialect dialect, String offsetSeconds) {
		this.dialect = dialect;
		this.offsetSeconds = offsetSeconds;
	}

	/**
	 * Buckets for rows of {@code epochSecondColumn} whose instants lie in
	 * {@code [first, last]}; a row outside that range gets the offset in force at the
	 * nearest end of it.
	 */
	static LocalTimeBuckets of(BearerDialect dialect, ZoneId zone, Instant first, Instant last,
			String epochSecondColumn) {
		return new LocalTimeBuckets(dialect, offsetSeconds(zone.getRules(), first, last, epochSecondColumn));
	}

	/**
	 * The zone's UTC offset in seconds for each row, as a {@code case} over the
	 * transitions in range.
	 */
	static String offsetSeconds(ZoneRules rules, Instant first, Instant last, String epochSecondColumn) {
		int offset = rules.getOffset(first).getTotalSeconds();
		StringBuilder branches = new StringBuilder();
		ZoneOffsetTransition transition = rules.nextTransition(first);
		while (transition != null && !transition.getInstant().isAfter(last)) {
			branches.append(" when ")
				.append(epochSecondColumn)
				.append(" < ")
				.append(transition.toEpochSecond())
				.append(" then ")
				.append(offset);
			offset = transition.getOffsetAfter().getTotalSeconds();
			transition = rules.nextTransition(transition.getInstant());
		}
		if (branches.isEmpty()) {
			return Integer.toString(offset);
		}
		return "case" + branches + " else " + offset + " end";
	}

	/**
	 * Whether every local day and hour boundary of {@code zone} between {@code first} and
	 * {@code last} falls on a boundary of {@code bucketSeconds}-long UTC buckets, so
	 * whole buckets sort into local days and hours exactly: true when every offset in
	 * force and every transition instant is a multiple of the bucket length (quarter
	 * hours: +05:30, +05:45, daylight saving at whole hours), false for, e.g., historical
	 * local mean times.
	 */
	static boolean alignedTo(ZoneId zone, Instant first, Instant last, int bucketSeconds) {
		ZoneRules rules = zone.getRules();
		if (rules.getOffset(first).getTotalSeconds() % bucketSeconds != 0) {
			return false;
		}
		ZoneOffsetTransition transition = rules.nextTransition(first);
		while (transition != null && !transition.getInstant().isAfter(last)) {
			if (transition.toEpochSecond() % bucketSeconds != 0
					|| transition.getOffsetAfter().getTotalSeconds() % bucketSeconds != 0) {
				return false;
			}
			transition = rules.nextTransition(transition.getInstant());
		}
		return true;
	}

	/**
	 * The local date as days since 1970-01-01
	 * ({@link java.time.LocalDate#ofEpochDay(long)}).
	 */
	String epochDay(String epochSecondColumn) {
		return this.dialect.quotient(localSeconds(epochSecondColumn), SECONDS_PER_DAY);
	}

	/** The local hour of day, 0 to 23. */
	String hourOfDay(String epochSecondColumn) {
		return this.dialect.quotient("mod(" + localSeconds(epochSecondColumn) + ", " + SECONDS_PER_DAY + ")",
				SECONDS_PER_HOUR);
	}

	private String localSeconds(String epochSecondColumn) {
		return epochSecondColumn + " + " + this.offsetSeconds;
	}

}
