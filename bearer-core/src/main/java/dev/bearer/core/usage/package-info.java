/**
 * Usage analytics over the audit log: counts, time series, per-IP and per-owner
 * breakdowns, failures and statistics. {@link dev.bearer.core.usage.UsageQueryService} is
 * the entry point; every result is an immutable record.
 */
package dev.bearer.core.usage;
