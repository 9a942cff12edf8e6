package dev.bearer.core.audit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.bearer.core.test.Fuzz;
import dev.bearer.core.test.FuzzInput;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AuditMetadata} on thousands of generated keys and values: {@code put} accepts or
 * refuses with {@link IllegalArgumentException} only, and what it accepts stays within
 * the documented bounds, is well-formed text wherever the input was, and is written as
 * JSON that a strict parser reads back.
 */
class AuditMetadataFuzzTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Values one try draws before nesting stops, so a try stays fast. */
	private static final int VALUES_PER_TRY = 200;

	@Test
	void putAcceptsOrRefusesAndWhatItKeepsIsBoundedWellFormedJson() {
		Fuzz.check("put(arbitrary key, arbitrary value)", 3_000, (input) -> {
			AuditMetadata metadata = new AuditMetadata();
			int puts = input.between(1, 40);
			int[] budget = { VALUES_PER_TRY };
			for (int i = 0; i < puts; i++) {
				String key = input.chance(80) ? input.string(70) : input.oneOf(List.copyOf(AuditMetadata.BEARER_KEYS));
				Object value = value(input, 0, budget);
				try {
					metadata.put(key, value);
				}
				catch (IllegalArgumentException ex) {
					assertThat(ex.getMessage()).isNotBlank();
				}
			}
			Map<String, Object> kept = metadata.asMap();
			assertThat(kept.keySet().stream().filter((key) -> !AuditMetadata.BEARER_KEYS.contains(key)))
				.hasSizeLessThanOrEqualTo(AuditMetadata.MAX_ENTRIES);
			kept.forEach((key, value) -> {
				assertThat(key).isNotBlank().hasSizeLessThanOrEqualTo(AuditMetadata.MAX_KEY_LENGTH);
				assertBounded(value, 0);
			});
			String json = JSON.writeValueAsString(kept);
			assertThat(JSON.readTree(json).size()).isEqualTo(kept.size());
		});
	}

	@Test
	void truncationKeepsWellFormedTextWellFormed() {
		Fuzz.check("put(well-formed long string)", 5_000, (input) -> {
			StringBuilder text = new StringBuilder();
			while (text.length() < AuditMetadata.MAX_STRING_LENGTH + 2) {
				text.append(input.chance(50) ? "abc".charAt(input.between(0, 2))
						: new String(Character.toChars(0x1F600 + input.between(0, 50))));
			}
			Map<String, Object> kept = new AuditMetadata().put("text", text.toString()).asMap();
			assertThat(isWellFormed((String) kept.get("text"))).isTrue();
			assertThat((String) kept.get("text")).hasSizeLessThanOrEqualTo(AuditMetadata.MAX_STRING_LENGTH);
		});
	}

	private static Object value(FuzzInput input, int depth, int[] budget) {
		budget[0]--;
		return switch (input.between(0, (depth < 6 && budget[0] > 0) ? 19 : 14)) {
			case 0, 1, 2 -> input.string(input.chance(10) ? 3000 : 80);
			case 3 -> input.between(Integer.MIN_VALUE / 2, Integer.MAX_VALUE / 2);
			case 4 -> input.oneOf(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L);
			case 5 -> input.oneOf(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
					Double.MIN_VALUE, Double.MAX_VALUE, 1.5);
			case 6 -> input.oneOf(Float.NaN, Float.MAX_VALUE, 0.25f);
			case 7 -> input.oneOf(new BigDecimal("1E+999999"), new BigDecimal("1E-999999"), new BigDecimal("3.14"),
					new BigDecimal("-0.000"));
			case 8 -> input.oneOf(BigInteger.TEN.pow(input.oneOf(1, 99, 100, 1000)), BigInteger.ONE.negate());
			case 9 -> input.oneOf(true, false);
			case 10 -> null;
			case 11 -> input.oneOf(AuditEvent.values());
			case 12 -> new StringBuilder(input.string(50));
			case 13 -> input.oneOf(new Object(), Optional.of("x"), Instant.EPOCH, UUID.randomUUID(), new int[] { 1 },
					new Object[] { "a" }, 'c', Thread.State.NEW);
			case 14 -> input.string(AuditMetadata.MAX_STRING_LENGTH + 10);
			case 15, 16 -> list(input, depth, budget);
			case 17 -> new LinkedHashSet<>(list(input, depth, budget));
			default -> map(input, depth, budget);
		};
	}

	private static List<Object> list(FuzzInput input, int depth, int[] budget) {
		List<Object> list = new ArrayList<>();
		int size = input.chance(10) ? input.between(50, 150) : input.between(0, 5);
		for (int i = 0; i < size; i++) {
			list.add(value(input, depth + 1, budget));
		}
		return list;
	}

	private static Map<Object, Object> map(FuzzInput input, int depth, int[] budget) {
		Map<Object, Object> map = new HashMap<>();
		int size = input.chance(10) ? input.between(50, 150) : input.between(0, 5);
		for (int i = 0; i < size; i++) {
			Object key = switch (input.between(0, 3)) {
				case 0 -> input.between(0, 9);
				case 1 -> null;
				case 2 -> input.string(input.chance(20) ? 5000 : 20);
				default -> input.oneOf(AuditEvent.values());
			};
			map.put(key, value(input, depth + 1, budget));
		}
		return map;
	}

	/** Asserts the documented bounds on a kept value. */
	private static void assertBounded(Object value, int depth) {
		assertThat(depth).isLessThanOrEqualTo(AuditMetadata.MAX_DEPTH);
		if (value instanceof String text) {
			assertThat(text).hasSizeLessThanOrEqualTo(AuditMetadata.MAX_STRING_LENGTH);
		}
		else if (value instanceof Collection<?> collection) {
			assertThat(collection).hasSizeLessThanOrEqualTo(AuditMetadata.MAX_NESTED_VALUES);
			collection.forEach((element) -> assertBounded(element, depth + 1));
		}
		else if (value instanceof Map<?, ?> map) {
			assertThat(map).hasSizeLessThanOrEqualTo(AuditMetadata.MAX_NESTED_VALUES);
			map.forEach((key, element) -> {
				assertThat(key).isInstanceOfSatisfying(String.class,
						(text) -> assertThat(text).hasSizeLessThanOrEqualTo(AuditMetadata.MAX_KEY_LENGTH));
				assertBounded(element, depth + 1);
			});
		}
		else {
			assertThat(value).as("a JSON scalar")
				.matches((scalar) -> scalar == null || scalar instanceof Number || scalar instanceof Boolean);
		}
	}

	private static boolean isWellFormed(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c)) {
				if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
					return false;
				}
				i++;
			}
			else if (Character.isLowSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

}
