package dev.bearer.core.usage.benchmark;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

import dev.bearer.core.audit.AuditEvent;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Loads a deterministic audit history into PostgreSQL with {@code COPY}: tokens of many owners,
 * one "hot" token with a tenth of all rows, a "typical" token with a few hundred, rows in time
 * order over a year as a real log grows, failures partly from unknown tokens, and a burst of
 * failures from a few IPs in the last hour.
 */
final class AuditLogGenerator {

	/** The token that gets a tenth of all rows. */
	static final long HOT_TOKEN = 1;

	/** A token with a few hundred rows. */
	static final long TYPICAL_TOKEN = 2;

	/** Tokens per owner; owner {@code user:1} has tokens 1 to 4. */
	static final int TOKENS_PER_OWNER = 4;

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx")
		.withZone(ZoneOffset.UTC);

	private static final List<AuditEvent> FAILURES = List.of(AuditEvent.FAILED, AuditEvent.EXPIRED,
			AuditEvent.IP_BLOCKED, AuditEvent.DOMAIN_BLOCKED, AuditEvent.RATE_LIMITED);

	private static final List<AuditEvent> LIFECYCLE = List.of(AuditEvent.CREATED, AuditEvent.ROTATED,
			AuditEvent.REVOKED);

	private static final int CHUNK = 100_000;

	private final Random random = new Random(42);

	private final Instant now;

	private final int tokens;

	AuditLogGenerator(Instant now, int tokens) {
		this.now = now;
		this.tokens = tokens;
	}

	/** Copies the tokens, then {@code rows} audit rows, then the failure burst. */
	void load(Connection connection, int rows) throws SQLException, IOException {
		CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
		copy.copyIn("copy bearer_tokens (id, owner_type, owner_id, name, type, environment, display_prefix, "
				+ "token_hash, hash_algorithm, abilities, revoked_at, created_at, updated_at) from stdin (format csv)",
				new StringReader(tokens()));
		String auditCopy = "copy bearer_token_audit_logs (token_id, event, ip_address, user_agent, metadata, created_at) "
				+ "from stdin (format csv)";
		Instant start = this.now.minus(Duration.ofDays(365));
		long step = Duration.ofDays(365).toNanos() / 1000 / rows;
		for (int from = 0; from < rows; from += CHUNK) {
			StringBuilder csv = new StringBuilder();
			for (int i = from; i < Math.min(rows, from + CHUNK); i++) {
				Instant at = start.plusNanos((i * step + (long) (this.random.nextDouble() * step)) * 1000);
				appendRow(csv, at);
			}
			copy.copyIn(auditCopy, new StringReader(csv.toString()));
		}
		StringBuilder burst = new StringBuilder();
		for (int i = 0; i < 600; i++) {
			Instant at = this.now.minusSeconds(1 + this.random.nextInt(3599));
			AuditEvent event = (i % 3 == 0) ? AuditEvent.IP_BLOCKED : AuditEvent.FAILED;
			row(burst, (i % 4 == 0) ? null : 3L + this.random.nextInt(this.tokens - 2), event,
					"203.0.113." + (i % 30), at);
		}
		copy.copyIn(auditCopy, new StringReader(burst.toString()));
	}

	private String tokens() {
		StringBuilder csv = new StringBuilder();
		String created = TIMESTAMP.format(this.now.minus(Duration.ofDays(400)));
		List<String> types = List.of("sk", "pk", "rk", "sk");
		for (long id = 1; id <= this.tokens; id++) {
			String type = types.get((int) (id % types.size()));
			String environment = (id % 3 == 0) ? "test" : "live";
			String revoked = (id % 10 == 0) ? TIMESTAMP.format(this.now.minus(Duration.ofDays(5))) : "";
			csv.append(id).append(",user,").append((id - 1) / TOKENS_PER_OWNER + 1).append(",token ").append(id)
				.append(',').append(type).append(',').append(environment).append(',')
				.append(type).append('_').append(environment).append("_bnch,")
				.append(String.format("%064x", id)).append(",SHA256,\"[\"\"*\"\"]\",")
				.append(revoked).append(',').append(created).append(',').append(created).append('\n');
		}
		return csv.toString();
	}

	private void appendRow(StringBuilder csv, Instant at) {
		double kind = this.random.nextDouble();
		AuditEvent event = (kind < 0.86) ? AuditEvent.AUTHENTICATED
				: (kind < 0.99) ? FAILURES.get(this.random.nextInt(FAILURES.size()))
						: LIFECYCLE.get(this.random.nextInt(LIFECYCLE.size()));
		Long token;
		if (AuditEvent.FAILURES.contains(event) && this.random.nextInt(4) == 0) {
			token = null;
		}
		else {
			double pick = this.random.nextDouble();
			token = (pick < 0.10) ? HOT_TOKEN : (pick < 0.1005) ? TYPICAL_TOKEN : 3L + this.random.nextInt(this.tokens - 2);
		}
		String ip = (this.random.nextInt(50) == 0) ? null
				: (token != null && token == HOT_TOKEN) ? "198.51.100." + this.random.nextInt(50)
						: "10." + this.random.nextInt(20) + "." + this.random.nextInt(250) + "." + this.random.nextInt(250);
		row(csv, token, event, ip, at);
	}

	private void row(StringBuilder csv, Long token, AuditEvent event, String ip, Instant at) {
		csv.append((token != null) ? token.toString() : "").append(',').append(event.code()).append(',')
			.append((ip != null) ? ip : "").append(",curl/8.5.0,");
		if (this.random.nextInt(3) == 0) {
			csv.append("\"{\"\"endpoint\"\":\"\"/v1/orders\"\",\"\"status\"\":200}\"");
		}
		csv.append(',').append(TIMESTAMP.format(at)).append('\n');
	}

}
