package dev.bearer.core.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One audit row on its way to an {@link AuditSink}. Inputs from the request are bounded
 * here: the user agent to {@value #MAX_USER_AGENT_LENGTH} characters, the IP address to
 * {@value #MAX_IP_ADDRESS_LENGTH} (and lowercased, so IPv6 addresses group alike on every
 * database).
 *
 * @param tokenId the token the row is about, or {@code null} when the presented token was
 * unknown
 * @param event what happened
 * @param ipAddress the client IP, or {@code null}
 * @param userAgent the client's user agent, or {@code null}
 * @param metadata event details (endpoint, method, status, response time, reason, …)
 * @param createdAt when it happened
 */
public record AuditRecord(Long tokenId, AuditEvent event, String ipAddress, String userAgent,
		Map<String, Object> metadata, Instant createdAt) {

	/** The longest user agent stored; longer ones are truncated. */
	public static final int MAX_USER_AGENT_LENGTH = 512;

	/** The longest IP address stored (an IPv6 address with an IPv4 tail). */
	public static final int MAX_IP_ADDRESS_LENGTH = 45;

	/** Bounds the inputs and copies the metadata. */
	public AuditRecord {
		Objects.requireNonNull(event, "event must not be null");
		Objects.requireNonNull(createdAt, "createdAt must not be null");
		ipAddress = (ipAddress != null)
				? BoundedText.truncate(ipAddress.toLowerCase(Locale.ROOT), MAX_IP_ADDRESS_LENGTH) : null;
		userAgent = BoundedText.truncate(userAgent, MAX_USER_AGENT_LENGTH);
		metadata = (metadata != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(metadata)) : Map.of();
	}

}
