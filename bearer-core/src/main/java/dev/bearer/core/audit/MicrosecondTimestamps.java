package dev.bearer.core.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Instants as timestamp text with exactly six fractional digits, rounded to the
 * microsecond half up as the PostgreSQL driver rounds a bound {@code OffsetDateTime} (the
 * server's own parsing rounds half to even), so a row keeps its time, and its key,
 * whichever way it is written.
 */
final class MicrosecondTimestamps {

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX")
		.withZone(ZoneOffset.UTC);

	private MicrosecondTimestamps() {
	}

	/** {@code instant} as text, or {@code null}. */
	static String format(Instant instant) {
		return (instant != null) ? FORMAT.format(instant.plusNanos(500).truncatedTo(ChronoUnit.MICROS)) : null;
	}

}
