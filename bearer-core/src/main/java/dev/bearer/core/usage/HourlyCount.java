package dev.bearer.core.usage;

/**
 * How many rows fell in one local hour of the day, summed over every day queried.
 *
 * @param hour the hour of day in the zone the distribution was asked for, 0 to 23
 * @param count the number of rows in that hour; zero for an hour without any
 */
public record HourlyCount(int hour, long count) {

}
