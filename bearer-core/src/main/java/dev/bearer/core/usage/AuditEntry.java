package dev.bearer.core.usage;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import dev.bearer.core.audit.AuditEvent;

/**
 * One audit-log row as the usage queries return it.
 *
 * @param id the row's id
 * @param tokenId the token the row is about, or {@code null} when the presented token was
 * unknown
 * @param event what happened
 * @param ipAddress the client IP, or {@code null} when none was recorded
 * @param userAgent the client's user agent, or {@code null} when none was recorded
 * @param metadata event details (endpoint, method, status, reason…); empty when none,
 * never {@code null}
 * @param createdAt when it happened
 */
public record AuditEntry(long id, Long tokenId, AuditEvent event, String ipAddress, String userAgent,
		Map<String, Object> metadata, Instant createdAt) {

	/** Checks the required parts and makes the metadata unmodifiable. */
	public AuditEntry {
		Objects.requireNonNull(event, "event must not be null");
		Objects.requireNonNull(createdAt, "createdAt must not be null");
		metadata = (metadata != null) ? JsonValues.unmodifiable(metadata) : Map.of();
	}

}
