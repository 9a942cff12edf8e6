package dev.bearer.core.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit rows as structured SLF4J lines on the {@code dev.bearer.audit} logger
 * (driver {@code log}).
 */
public final class LogAuditSink implements AuditSink {

	private static final Logger logger = LoggerFactory.getLogger("dev.bearer.audit");

	@Override
	public void write(AuditRecord record) {
		logger.atInfo()
			.addKeyValue("event", record.event().code())
			.addKeyValue("token_id", record.tokenId())
			.addKeyValue("ip_address", record.ipAddress())
			.addKeyValue("user_agent", record.userAgent())
			.addKeyValue("metadata", record.metadata())
			.addKeyValue("created_at", record.createdAt())
			.log("bearer audit {} token={} ip={}", record.event().code(), record.tokenId(), record.ipAddress());
	}

}
