/**
 * Per-token rate limits and the failure budget per client.
 * {@link dev.bearer.spring.ratelimit.RateLimiter} and
 * {@link dev.bearer.spring.ratelimit.FailureBudget} are the backend SPIs; the defaults
 * keep Bucket4j buckets in this JVM's memory.
 */
package dev.bearer.spring.ratelimit;
