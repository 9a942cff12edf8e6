package dev.bearer.core.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata of an audit row that is still being built: listeners of
 * {@link dev.bearer.core.event.TokenAuthenticated} add to it, and it is written once, when the
 * request ends. Bounded: at most {@value #MAX_ENTRIES} entries, keys up to
 * {@value #MAX_KEY_LENGTH} characters, string values truncated to {@value #MAX_STRING_LENGTH}.
 */
public final class AuditMetadata {

	/** Most entries one row's metadata holds. */
	public static final int MAX_ENTRIES = 32;

	/** Longest key accepted. */
	public static final int MAX_KEY_LENGTH = 64;

	/** Longest string value kept; longer values are truncated. */
	public static final int MAX_STRING_LENGTH = 1024;

	private final Map<String, Object> values = new LinkedHashMap<>();

	/**
	 * Adds or replaces an entry. Values should be strings, numbers, booleans, or lists and maps of them.
	 * @throws IllegalArgumentException if the key is blank or too long, or the row is full
	 */
	public synchronized AuditMetadata put(String key, Object value) {
		if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
			throw new IllegalArgumentException("Audit metadata keys must be 1 to " + MAX_KEY_LENGTH + " characters");
		}
		if (!this.values.containsKey(key) && this.values.size() >= MAX_ENTRIES) {
			throw new IllegalArgumentException("Audit metadata holds at most " + MAX_ENTRIES + " entries");
		}
		this.values.put(key, (value instanceof String text && text.length() > MAX_STRING_LENGTH)
				? text.substring(0, MAX_STRING_LENGTH) : value);
		return this;
	}

	/** A copy of the entries so far. */
	public synchronized Map<String, Object> asMap() {
		return Collections.unmodifiableMap(new LinkedHashMap<>(this.values));
	}

}
