package dev.bearer.core.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class AuditRecordTests {

	@Test
	void userAgentIsTruncatedWithoutSplittingACharacterOutsideTheBasicPlane() {
		String userAgent = "u".repeat(AuditRecord.MAX_USER_AGENT_LENGTH - 1) + "\uD83D\uDE00" + "tail";

		AuditRecord record = new AuditRecord(null, AuditEvent.FAILED, "203.0.113.7", userAgent, null, Instant.EPOCH);

		assertThat(record.userAgent()).isEqualTo("u".repeat(AuditRecord.MAX_USER_AGENT_LENGTH - 1));
	}

	@Test
	void userAgentWithinTheBoundIsKeptWhole() {
		String userAgent = "u".repeat(AuditRecord.MAX_USER_AGENT_LENGTH - 2) + "\uD83D\uDE00";

		AuditRecord record = new AuditRecord(null, AuditEvent.FAILED, null, userAgent, null, Instant.EPOCH);

		assertThat(record.userAgent()).isEqualTo(userAgent);
	}

	@Test
	void nulAndUnpairedSurrogatesBecomeReplacementCharactersSoEveryDatabaseStoresTheRow() {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("k\u0000", "v\uDC00");
		metadata.put("list", List.of("x\u0000", 1));
		metadata.put("nested", Map.of("\uD83D", "\uD83D\uDE00"));

		AuditRecord record = new AuditRecord(null, AuditEvent.FAILED, null, "a\u0000b\uD800c", metadata, Instant.EPOCH);

		assertThat(record.userAgent()).isEqualTo("a\uFFFDb\uFFFDc");
		assertThat(record.metadata()).containsExactly(entry("k\uFFFD", "v\uFFFD"), entry("list", List.of("x\uFFFD", 1)),
				entry("nested", Map.of("\uFFFD", "\uD83D\uDE00")));
	}

	@Test
	void metadataStringsAreBoundedWhereverTheyComeFrom() {
		AuditRecord record = new AuditRecord(1L, AuditEvent.REVOKED, null, null,
				Map.of("reason", "r".repeat(AuditMetadata.MAX_STRING_LENGTH + 1)), Instant.EPOCH);

		assertThat((String) record.metadata().get("reason")).hasSize(AuditMetadata.MAX_STRING_LENGTH);
	}

}
