package dev.bearer.core.audit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metadata of an audit row that is still being built: listeners of
 * {@link dev.bearer.core.event.TokenAuthenticated} add to it, and it is written once,
 * when the request ends. Values are JSON values: strings, numbers, booleans,
 * {@code null}, and lists and maps of them (enums are stored by name). Bounded: at most
 * {@value #MAX_ENTRIES} entries besides Bearer's own {@link #BEARER_KEYS}, keys (of
 * nested maps too) up to {@value #MAX_KEY_LENGTH} characters, strings truncated to
 * {@value #MAX_STRING_LENGTH} (never inside a surrogate pair), finite numbers of at most
 * {@value #MAX_NUMBER_DIGITS} digits within 1e{@value #MAX_NUMBER_EXPONENT} either way,
 * lists and maps nested at most {@value #MAX_DEPTH} deep with {@value #MAX_NESTED_VALUES}
 * values in all.
 */
public final class AuditMetadata {

	/** Most entries one row's metadata holds. */
	public static final int MAX_ENTRIES = 32;

	/** Longest key accepted. */
	public static final int MAX_KEY_LENGTH = 64;

	/** Longest string value kept; longer values are truncated. */
	public static final int MAX_STRING_LENGTH = 1024;

	/** Deepest nesting of lists and maps accepted in one value. */
	public static final int MAX_DEPTH = 4;

	/** Most values accepted inside one list or map value, counted through every level. */
	public static final int MAX_NESTED_VALUES = 100;

	/** Most significant digits of a number accepted. */
	public static final int MAX_NUMBER_DIGITS = 100;

	/**
	 * Largest decimal exponent of a number accepted (a {@code double}'s range), either
	 * way.
	 */
	public static final int MAX_NUMBER_EXPONENT = 308;

	/**
	 * The keys Bearer fills itself when the request ends; they do not count towards
	 * {@link #MAX_ENTRIES}.
	 */
	public static final Set<String> BEARER_KEYS = Set.of("endpoint", "method", "status", "response_time_ms");

	private final Map<String, Object> values = new LinkedHashMap<>();

	/**
	 * Adds or replaces an entry.
	 * @throws IllegalArgumentException if the key is blank or too long, the row is full,
	 * or the value is not a JSON value within the bounds
	 */
	public synchronized AuditMetadata put(String key, Object value) {
		if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
			throw new IllegalArgumentException("Audit metadata keys must be 1 to " + MAX_KEY_LENGTH + " characters");
		}
		if (!this.values.containsKey(key) && !BEARER_KEYS.contains(key) && userEntries() >= MAX_ENTRIES) {
			throw new IllegalArgumentException("Audit metadata holds at most " + MAX_ENTRIES + " entries");
		}
		this.values.put(key, jsonValue(key, value, 0, new int[1]));
		return this;
	}

	private long userEntries() {
		return this.values.keySet().stream().filter(key -> !BEARER_KEYS.contains(key)).count();
	}

	private static Object jsonValue(String key, Object value, int depth, int[] nested) {
		if (value == null || value instanceof Boolean) {
			return value;
		}
		if (value instanceof Number number) {
			return jsonNumber(key, number);
		}
		if (value instanceof CharSequence text) {
			return StorableText.truncate(text, MAX_STRING_LENGTH);
		}
		if (value instanceof Enum<?> constant) {
			return constant.name();
		}
		if ((value instanceof Collection<?> || value instanceof Map<?, ?>) && depth >= MAX_DEPTH) {
			throw new IllegalArgumentException(
					"Audit metadata '" + key + "' nests deeper than " + MAX_DEPTH + " levels");
		}
		if (value instanceof Collection<?> collection) {
			List<Object> copy = new ArrayList<>(collection.size());
			for (Object element : collection) {
				copy.add(jsonValue(key, counted(key, element, nested), depth + 1, nested));
			}
			return Collections.unmodifiableList(copy);
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				copy.put(nestedKey(key, entry.getKey()),
						jsonValue(key, counted(key, entry.getValue(), nested), depth + 1, nested));
			}
			return Collections.unmodifiableMap(copy);
		}
		throw new IllegalArgumentException("Audit metadata '" + key + "' must be a string, number, boolean, enum, "
				+ "or a list or map of them, not " + value.getClass().getName());
	}

	/**
	 * {@code number} when JSON can say it and JSON readers and databases can hold it:
	 * finite, at most {@value #MAX_NUMBER_DIGITS} significant digits, an exponent within
	 * {@value #MAX_NUMBER_EXPONENT} either way.
	 */
	private static Number jsonNumber(String key, Number number) {
		if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
			return number;
		}
		if (number instanceof Double || number instanceof Float) {
			if (!Double.isFinite(number.doubleValue())) {
				throw new IllegalArgumentException(
						"Audit metadata '" + key + "' holds " + number + ", which is not a JSON number");
			}
			return number;
		}
		BigDecimal decimal;
		try {
			decimal = (number instanceof BigDecimal exact) ? exact : new BigDecimal(number.toString());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Audit metadata '" + key + "' holds a number that is not a decimal");
		}
		int exponent = decimal.precision() - decimal.scale() - 1;
		if (decimal.precision() > MAX_NUMBER_DIGITS
				|| (decimal.signum() != 0 && Math.abs(exponent) > MAX_NUMBER_EXPONENT)) {
			throw new IllegalArgumentException("Audit metadata '" + key + "' holds a number of more than "
					+ MAX_NUMBER_DIGITS + " digits or beyond 1e" + MAX_NUMBER_EXPONENT + " either way");
		}
		return number;
	}

	private static String nestedKey(String key, Object nestedKey) {
		String text = String.valueOf(nestedKey);
		if (text.length() > MAX_KEY_LENGTH) {
			throw new IllegalArgumentException(
					"Audit metadata '" + key + "' holds a map key longer than " + MAX_KEY_LENGTH + " characters");
		}
		return text;
	}

	private static Object counted(String key, Object element, int[] nested) {
		if (++nested[0] > MAX_NESTED_VALUES) {
			throw new IllegalArgumentException(
					"Audit metadata '" + key + "' holds more than " + MAX_NESTED_VALUES + " values");
		}
		return element;
	}

	/** A copy of the entries so far. */
	public synchronized Map<String, Object> asMap() {
		return Collections.unmodifiableMap(new LinkedHashMap<>(this.values));
	}

}
