package dev.bearer.core.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One audit row on its way to an {@link AuditSink}. Inputs are bounded here, whatever
 * their source: the user agent to {@value #MAX_USER_AGENT_LENGTH} characters, the IP
 * address to {@value #MAX_IP_ADDRESS_LENGTH} (and lowercased, so IPv6 addresses group
 * alike on every database), metadata strings to {@value AuditMetadata#MAX_STRING_LENGTH};
 * and every text is made storable as it is on every database (U+0000 and unpaired
 * surrogates become U+FFFD), so no row is refused for its characters.
 *
 * @param tokenId the token the row is about, or {@code null} when the presented token was
 * unknown
 * @param event what happened
 * @param ipAddress the client IP, or {@code null}
 * @param userAgent the client's user agent, or {@code null}
 * @param metadata event details (endpoint, method, status, response time, reason, …)
 * @param createdAt when it happened
 * @param rowKey the row's key, chosen when the row is accepted (a time-ordered UUID,
 * version 7): the audit log stores each key once, so a write retried after a lost
 * acknowledgement, or replayed from the spool, never doubles the row
 */
public record AuditRecord(Long tokenId, AuditEvent event, String ipAddress, String userAgent,
		Map<String, Object> metadata, Instant createdAt, UUID rowKey) {

	/** The longest user agent stored; longer ones are truncated. */
	public static final int MAX_USER_AGENT_LENGTH = 512;

	/** The longest IP address stored (an IPv6 address with an IPv4 tail). */
	public static final int MAX_IP_ADDRESS_LENGTH = 45;

	private static final int MAX_METADATA_DEPTH = 16;

	/** Bounds the inputs and copies the metadata. */
	public AuditRecord {
		Objects.requireNonNull(event, "event must not be null");
		Objects.requireNonNull(createdAt, "createdAt must not be null");
		Objects.requireNonNull(rowKey, "rowKey must not be null");
		ipAddress = (ipAddress != null) ? StorableText.of(ipAddress.toLowerCase(Locale.ROOT), MAX_IP_ADDRESS_LENGTH)
				: null;
		userAgent = StorableText.of(userAgent, MAX_USER_AGENT_LENGTH);
		metadata = (metadata != null) ? storable(metadata, 0) : Map.of();
	}

	/** A row with a new key. */
	public AuditRecord(Long tokenId, AuditEvent event, String ipAddress, String userAgent, Map<String, Object> metadata,
			Instant createdAt) {
		this(tokenId, event, ipAddress, userAgent, metadata, createdAt, newRowKey());
	}

	/**
	 * A version 7 UUID: 48 bits of Unix milliseconds, then 74 random bits, so keys
	 * accepted later sort later and land at the end of the key's index.
	 */
	private static UUID newRowKey() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long mostSignificant = (System.currentTimeMillis() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
		long leastSignificant = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(mostSignificant, leastSignificant);
	}

	/**
	 * A deep, unmodifiable copy of {@code map} whose keys and strings every database
	 * stores as they are, strings bounded to {@value AuditMetadata#MAX_STRING_LENGTH}
	 * characters. Values nested deeper than {@value #MAX_METADATA_DEPTH} levels (a cycle)
	 * are kept as given, for the sink to refuse.
	 */
	private static Map<String, Object> storable(Map<?, ?> map, int depth) {
		Map<String, Object> copy = new LinkedHashMap<>();
		map.forEach((key, value) -> copy.put(StorableText.storable(String.valueOf(key)), storable(value, depth + 1)));
		return Collections.unmodifiableMap(copy);
	}

	private static Object storable(Object value, int depth) {
		if (depth > MAX_METADATA_DEPTH) {
			return value;
		}
		if (value instanceof CharSequence text) {
			return StorableText.of(text, AuditMetadata.MAX_STRING_LENGTH);
		}
		if (value instanceof Map<?, ?> map) {
			return storable(map, depth);
		}
		if (value instanceof Collection<?> collection) {
			List<Object> copy = new ArrayList<>(collection.size());
			collection.forEach((element) -> copy.add(storable(element, depth + 1)));
			return Collections.unmodifiableList(copy);
		}
		return value;
	}

}
