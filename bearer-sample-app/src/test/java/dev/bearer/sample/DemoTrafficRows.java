package dev.bearer.sample;

import java.time.Duration;

import dev.bearer.core.test.AuditTrail;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The audit rows of the demo traffic, told apart by their user agents. The live requests'
 * rows reach the audit sink after their clients have the answers, so a test waits for the
 * exact number of rows a run reported rather than for the writer to look idle.
 */
@Component
class DemoTrafficRows {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final ApplicationContext context;

	private final JdbcTemplate jdbc;

	DemoTrafficRows(ApplicationContext context, JdbcTemplate jdbc) {
		this.context = context;
		this.jdbc = jdbc;
	}

	/**
	 * The demo traffic's rows written so far, once the audit sinks have written what they
	 * accepted.
	 */
	long written() {
		AuditTrail.drain(this.context);
		return this.jdbc.queryForObject("select count(*) from bearer_token_audit_logs where user_agent in (?, ?)",
				Long.class, DemoTrafficGenerator.LIVE_USER_AGENT, DemoTrafficGenerator.BACKFILL_USER_AGENT);
	}

	/**
	 * Waits until exactly {@code expected} demo rows are written; fails when more arrive
	 * or they do not arrive in time.
	 */
	void awaitWritten(long expected) throws InterruptedException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		long written = written();
		while (written < expected && System.nanoTime() < deadline) {
			Thread.sleep(20);
			written = written();
		}
		if (written != expected) {
			throw new AssertionError(
					"Expected " + expected + " demo traffic rows within " + TIMEOUT + " but found " + written);
		}
	}

}
