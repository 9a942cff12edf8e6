package dev.bearer.sample;

import java.time.Duration;

import dev.bearer.core.audit.JdbcAuditSink;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Waits until the asynchronous audit writer has written everything queued so far. */
@Component
class SampleUsageSettling {

	private final JdbcAuditSink sink;

	private final JdbcTemplate jdbc;

	SampleUsageSettling(JdbcAuditSink sink, JdbcTemplate jdbc) {
		this.sink = sink;
		this.jdbc = jdbc;
	}

	void await() throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		long previous = -1;
		while (System.nanoTime() < deadline) {
			long rows = this.jdbc.queryForObject("select count(*) from bearer_token_audit_logs", Long.class);
			if (this.sink.pending() == 0 && rows == previous) {
				return;
			}
			previous = rows;
			Thread.sleep(300);
		}
		throw new AssertionError("The audit writer did not settle");
	}

}
