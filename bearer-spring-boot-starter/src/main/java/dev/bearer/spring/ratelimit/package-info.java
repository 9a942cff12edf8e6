/**
 * Per-token rate limits. {@link dev.bearer.spring.ratelimit.RateLimiter} is the backend
 * SPI; the default keeps Bucket4j buckets in this JVM's memory.
 */
package dev.bearer.spring.ratelimit;
