package dev.bearer.core.audit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AuditEventTests {

	@Test
	void codesAreLowercaseSnakeCase() {
		assertThat(AuditEvent.IP_BLOCKED.code()).isEqualTo("ip_blocked");
		assertThat(AuditEvent.fromCode("rate_limited")).isEqualTo(AuditEvent.RATE_LIMITED);
		assertThatIllegalArgumentException().isThrownBy(() -> AuditEvent.fromCode("IP_BLOCKED"));
	}

	@Test
	void failuresAndLifecycleAreTheSeedsSets() {
		assertThat(AuditEvent.FAILURES).containsExactlyInAnyOrder(AuditEvent.FAILED, AuditEvent.EXPIRED,
				AuditEvent.IP_BLOCKED, AuditEvent.DOMAIN_BLOCKED, AuditEvent.RATE_LIMITED);
		assertThat(AuditEvent.LIFECYCLE).containsExactlyInAnyOrder(AuditEvent.CREATED, AuditEvent.ROTATED,
				AuditEvent.REVOKED, AuditEvent.QUOTA_CHANGED);
	}

}
