package dev.bearer.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.audit.AuditRecord;
import dev.bearer.core.audit.AuditSink;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenFormat;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenType;
import dev.bearer.core.token.TokenTypeRegistry;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Fills the usage history so the dashboard has something to show. It sends real requests
 * to this application (successes, an IP outside an allow-list, a rate limit, a revoked
 * token, a burst of unknown tokens from one IP), through the same filter as any client;
 * the sample trusts {@code X-Forwarded-For} from localhost, so each request can name a
 * demo client IP. It then backfills 30 days of {@code authenticated} rows through the
 * {@link AuditSink}, as an import of older history would.
 */
@Component
class DemoTrafficGenerator {

	private static final List<String> CLIENT_IPS = List.of("203.0.113.10", "203.0.113.24", "198.51.100.7",
			"2001:db8::17", "192.0.2.55");

	private static final String SUSPICIOUS_IP = "198.51.100.66";

	/** The user agent of the live demo requests. */
	static final String LIVE_USER_AGENT = "bearer-demo-traffic/1.0";

	/** The user agent of the backfilled history rows. */
	static final String BACKFILL_USER_AGENT = "demo-backfill/1.0";

	private final DemoTokens demo;

	private final AuditSink auditSink;

	private final TokenFormat tokenFormat;

	private final Environment environment;

	private final Clock clock;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	DemoTrafficGenerator(DemoTokens demo, AuditSink auditSink, TokenTypeRegistry types, Environment environment,
			Clock clock) {
		this.demo = demo;
		this.auditSink = auditSink;
		this.tokenFormat = new TokenFormat(types);
		this.environment = environment;
		this.clock = clock;
	}

	/** Sends the live requests and backfills the history; returns how many of each. */
	Map<String, Integer> generate() throws IOException, InterruptedException {
		List<Request> requests = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			requests.add(new Request("GET", this.demo.checkout().plaintext(), CLIENT_IPS.get(i % CLIENT_IPS.size())));
		}
		for (int i = 0; i < 5; i++) {
			requests.add(new Request("POST", this.demo.checkout().plaintext(), CLIENT_IPS.get(i % 2)));
		}
		for (int i = 0; i < 5; i++) {
			requests.add(new Request("GET", this.demo.reporting().plaintext(), "10.0.4." + (10 + i)));
		}
		for (int i = 0; i < 3; i++) {
			requests.add(new Request("GET", this.demo.reporting().plaintext(), "203.0.113.99"));
		}
		for (int i = 0; i < 8; i++) {
			requests.add(new Request("GET", this.demo.mobile().plaintext(), "192.0.2." + (100 + i)));
		}
		for (int i = 0; i < 2; i++) {
			requests.add(new Request("GET", this.demo.retired().plaintext(), "203.0.113.24"));
		}
		for (int i = 0; i < 12; i++) {
			requests.add(new Request("GET", this.tokenFormat.generate(TokenType.SECRET, TokenEnvironment.LIVE),
					SUSPICIOUS_IP));
		}
		for (Request request : requests) {
			send(request);
		}
		return Map.of("requests", requests.size(), "backfilled", backfill());
	}

	private int backfill() {
		Random random = new Random(20260328);
		Instant now = this.clock.instant();
		int rows = 0;
		for (IssuedToken token : List.of(this.demo.checkout(), this.demo.mobile())) {
			for (int day = 1; day <= 30; day++) {
				int perDay = 3 + random.nextInt(12);
				for (int i = 0; i < perDay; i++) {
					Instant at = now.minus(Duration.ofDays(day)).plusSeconds(random.nextInt(86_400));
					this.auditSink.write(new AuditRecord(token.token().id(), AuditEvent.AUTHENTICATED,
							CLIENT_IPS.get(random.nextInt(CLIENT_IPS.size())), BACKFILL_USER_AGENT,
							Map.of("endpoint", "/api/orders", "method", "GET", "status", 200, "response_time_ms",
									5 + random.nextInt(60), "backfilled", true),
							at));
					rows++;
				}
			}
		}
		return rows;
	}

	private void send(Request demoRequest) throws IOException, InterruptedException {
		String port = this.environment.getProperty("local.server.port", "8080");
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/orders"))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", "Bearer " + demoRequest.token())
			.header("X-Forwarded-For", demoRequest.clientIp())
			.header("User-Agent", LIVE_USER_AGENT)
			.header("X-Client", "demo-traffic")
			.method(demoRequest.method(), HttpRequest.BodyPublishers.noBody())
			.build();
		this.http.send(request, HttpResponse.BodyHandlers.discarding());
	}

	private record Request(String method, String token, String clientIp) {
	}

}
