package dev.bearer.core.usage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep, order-keeping, unmodifiable copies of parsed JSON (maps and lists may hold JSON
 * {@code null}s).
 */
final class JsonValues {

	private JsonValues() {
	}

	/** An unmodifiable copy of {@code object}, nested maps and lists included. */
	static Map<String, Object> unmodifiable(Map<String, Object> object) {
		Map<String, Object> copy = new LinkedHashMap<>();
		object.forEach((key, value) -> copy.put(key, copyOf(value)));
		return Collections.unmodifiableMap(copy);
	}

	@SuppressWarnings("unchecked")
	private static Object copyOf(Object value) {
		if (value instanceof Map<?, ?> map) {
			return unmodifiable((Map<String, Object>) map);
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>(list.size());
			list.forEach(element -> copy.add(copyOf(element)));
			return Collections.unmodifiableList(copy);
		}
		return value;
	}

}
