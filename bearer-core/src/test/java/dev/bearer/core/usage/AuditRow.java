package dev.bearer.core.usage;

import java.time.Instant;
import java.util.Map;

import dev.bearer.core.audit.AuditEvent;

/**
 * An audit row a test writes straight into the table, and the entry the service should
 * read back.
 */
record AuditRow(long id, Long tokenId, AuditEvent event, String ipAddress, String userAgent,
		Map<String, Object> metadata, Instant createdAt) {

	/** The entry {@link UsageQueryService} should return for this row. */
	AuditEntry toEntry() {
		return new AuditEntry(this.id, this.tokenId, this.event, this.ipAddress, this.userAgent, this.metadata,
				this.createdAt);
	}

}
