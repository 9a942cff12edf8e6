package dev.bearer.core.usage;

import java.time.LocalDate;

/**
 * How many rows fell on one local day.
 *
 * @param date the day in the zone the series was asked for
 * @param count the number of rows on that day; zero for a day without any
 */
public record DailyCount(LocalDate date, long count) {

}
