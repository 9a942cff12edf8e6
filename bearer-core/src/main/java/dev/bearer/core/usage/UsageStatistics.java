package dev.bearer.core.usage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An owner's usage summary, the dashboard's numbers; serialises to the snake_case shape
 * {@code {"total_tokens":…, "active_tokens":…, "total_requests":…, "unique_ips":…,
 * "failed_attempts":…, "by_environment":{"test":…, "live":…}, "by_type":{"sk":…, "pk":…,
 * "rk":…}}}.
 *
 * @param totalTokens all the owner's tokens, revoked and expired ones included
 * @param activeTokens the owner's tokens that have never been revoked ({@code revoked_at}
 * is null)
 * @param totalRequests {@code authenticated} rows of the owner's tokens in the window
 * @param uniqueIps distinct IP addresses of those rows (rows without an IP are not
 * counted)
 * @param failedAttempts {@code failed}, {@code expired} and {@code ip_blocked} rows of
 * the owner's tokens in the window
 * @param byEnvironment the owner's tokens per environment: {@code test} and {@code live},
 * always both
 * @param byType the owner's tokens per type: {@code sk}, {@code pk} and {@code rk}
 * always, then any other type the owner has
 */
@JsonPropertyOrder({ "total_tokens", "active_tokens", "total_requests", "unique_ips", "failed_attempts",
		"by_environment", "by_type" })
public record UsageStatistics(@JsonProperty("total_tokens") long totalTokens,
		@JsonProperty("active_tokens") long activeTokens, @JsonProperty("total_requests") long totalRequests,
		@JsonProperty("unique_ips") long uniqueIps, @JsonProperty("failed_attempts") long failedAttempts,
		@JsonProperty("by_environment") Map<String, Long> byEnvironment,
		@JsonProperty("by_type") Map<String, Long> byType) {

	/** Copies the maps, keeping their order, so the summary stays immutable. */
	public UsageStatistics {
		byEnvironment = Collections.unmodifiableMap(
				new LinkedHashMap<>(Objects.requireNonNull(byEnvironment, "byEnvironment must not be null")));
		byType = Collections
			.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(byType, "byType must not be null")));
	}

}
