package dev.bearer.core.audit;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What an audit row records; stored and serialised as its lowercase {@link #code() code},
 * e.g. {@code ip_blocked}.
 */
public enum AuditEvent {

	/** A token was issued. */
	CREATED,
	/** A request was authenticated with a token. */
	AUTHENTICATED,
	/** A presented token was malformed, unknown, revoked or otherwise refused. */
	FAILED,
	/** A presented token had expired. */
	EXPIRED,
	/** A request came from an IP address outside the token's allow-list. */
	IP_BLOCKED,
	/** A request came from a domain outside the token's allow-list. */
	DOMAIN_BLOCKED,
	/** A request exceeded the token's rate limit. */
	RATE_LIMITED,
	/** A token was revoked. */
	REVOKED,
	/** A token was replaced by a new one. */
	ROTATED,
	/** A token was derived from a parent token. */
	DERIVED,
	/** A token's plaintext was revealed again. */
	REVEALED,
	/** A token's quota was set, removed or refilled. */
	QUOTA_CHANGED;

	/** Events that record a refused authentication. */
	public static final Set<AuditEvent> FAILURES = Set
		.copyOf(EnumSet.of(FAILED, EXPIRED, IP_BLOCKED, DOMAIN_BLOCKED, RATE_LIMITED));

	/** Events that record a change in a token's life. */
	public static final Set<AuditEvent> LIFECYCLE = Set.copyOf(EnumSet.of(CREATED, ROTATED, REVOKED, QUOTA_CHANGED));

	private static final Map<String, AuditEvent> BY_CODE = Arrays.stream(values())
		.collect(Collectors.toUnmodifiableMap(AuditEvent::code, Function.identity()));

	private final String code;

	AuditEvent() {
		this.code = name().toLowerCase(Locale.ROOT);
	}

	/** The value stored in the database and written in JSON, e.g. {@code ip_blocked}. */
	@JsonValue
	public String code() {
		return this.code;
	}

	/**
	 * Returns the event stored as {@code code}.
	 * @throws IllegalArgumentException if no event has that code
	 */
	@JsonCreator
	public static AuditEvent fromCode(String code) {
		AuditEvent event = BY_CODE.get(code);
		if (event == null) {
			throw new IllegalArgumentException("Unknown audit event code '" + code + "'");
		}
		return event;
	}

}
