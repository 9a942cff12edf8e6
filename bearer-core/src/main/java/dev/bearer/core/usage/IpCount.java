package dev.bearer.core.usage;

/**
 * How many rows came from one IP address.
 *
 * @param ipAddress the client IP as stored
 * @param count the number of rows from it
 */
public record IpCount(String ipAddress, long count) {

}
