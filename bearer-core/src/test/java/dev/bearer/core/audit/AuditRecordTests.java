package dev.bearer.core.audit;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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

}
