package dev.bearer.core.audit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AuditMetadataTests {

	@Test
	void acceptsJsonValuesAndCopiesThem() {
		List<Object> tags = new ArrayList<>(List.of("a", "b"));
		AuditMetadata metadata = new AuditMetadata().put("tenant", "acme")
			.put("count", 3)
			.put("ok", true)
			.put("nothing", null)
			.put("event", AuditEvent.FAILED)
			.put("tags", tags)
			.put("nested", Map.of("k", List.of(1, 2)));
		tags.add("c");

		assertThat(metadata.asMap()).containsEntry("tenant", "acme")
			.containsEntry("event", "FAILED")
			.containsEntry("tags", List.of("a", "b"))
			.containsEntry("nested", Map.of("k", List.of(1, 2)));
	}

	@Test
	void refusesValuesThatAreNotJson() {
		Map<String, Object> selfReferencing = new HashMap<>();
		selfReferencing.put("self", selfReferencing);

		assertThatIllegalArgumentException().isThrownBy(() -> new AuditMetadata().put("entity", new Object()))
			.withMessageContaining("'entity'");
		assertThatIllegalArgumentException().isThrownBy(() -> new AuditMetadata().put("loop", selfReferencing))
			.withMessageContaining("deeper");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AuditMetadata().put("big", Collections.nCopies(101, 1)))
			.withMessageContaining("more than 100");
	}

	@Test
	void truncatesLongStringsAndRefusesBadKeys() {
		AuditMetadata metadata = new AuditMetadata().put("long", "x".repeat(5000));

		assertThat((String) metadata.asMap().get("long")).hasSize(AuditMetadata.MAX_STRING_LENGTH);
		assertThatIllegalArgumentException().isThrownBy(() -> metadata.put(" ", 1));
		assertThatIllegalArgumentException().isThrownBy(() -> metadata.put("k".repeat(65), 1));
	}

	@Test
	void bearersOwnKeysDoNotCountTowardsTheLimit() {
		AuditMetadata metadata = new AuditMetadata();
		for (int i = 0; i < AuditMetadata.MAX_ENTRIES; i++) {
			metadata.put("key" + i, i);
		}

		metadata.put("endpoint", "/orders").put("method", "GET").put("status", 200).put("response_time_ms", 4);

		assertThat(metadata.asMap()).hasSize(AuditMetadata.MAX_ENTRIES + 4);
		assertThatIllegalArgumentException().isThrownBy(() -> metadata.put("one-more", 1))
			.withMessageContaining("at most 32");
	}

	@Test
	void truncationNeverSplitsACharacterOutsideTheBasicPlane() {
		String text = "x".repeat(AuditMetadata.MAX_STRING_LENGTH - 1) + "\uD83D\uDE00" + "tail";

		String kept = (String) new AuditMetadata().put("emoji", text).asMap().get("emoji");

		assertThat(kept).isEqualTo("x".repeat(AuditMetadata.MAX_STRING_LENGTH - 1));
	}

	@Test
	void numbersThatAreNoJsonNumbersOrThatJsonReadersCannotHoldAreRefused() {
		for (Object number : List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
				BigInteger.TEN.pow(1000), new BigDecimal("1E+999999"), new BigDecimal("1E-999999"))) {
			assertThatIllegalArgumentException().as(String.valueOf(number))
				.isThrownBy(() -> new AuditMetadata().put("number", number))
				.withMessageContaining("'number'");
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AuditMetadata().put("nested", List.of(Map.of("n", Double.NaN))));
	}

	@Test
	void ordinaryNumbersAreKept() {
		AuditMetadata metadata = new AuditMetadata().put("long", Long.MIN_VALUE)
			.put("double", -1.5e300)
			.put("decimal", new BigDecimal("3.14"))
			.put("big", BigInteger.TEN.pow(60))
			.put("zero", new BigDecimal("0E-10"));

		assertThat(metadata.asMap()).containsEntry("long", Long.MIN_VALUE)
			.containsEntry("double", -1.5e300)
			.containsEntry("big", BigInteger.TEN.pow(60));
	}

	@Test
	void keysOfNestedMapsAreBoundedLikeTopLevelKeys() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AuditMetadata().put("nested", Map.of("k".repeat(65), 1)))
			.withMessageContaining("'nested'");
		assertThat(new AuditMetadata().put("nested", Map.of("k".repeat(64), 1)).asMap()).containsKey("nested");
	}

}
