package dev.bearer.spring.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.audit.AuditLogEntity;
import dev.bearer.core.audit.AuditLogRepository;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.spring.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real server, an authenticated request keeps its authentication through the error and
 * asynchronous dispatches: a valid token never turns a 404, a 500 or an async answer into a 401.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RealServerDispatchTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private TokenService tokens;

	@Autowired
	private AuditLogRepository auditLogs;

	@Test
	void unknownPathWithAValidTokenIs404() throws Exception {
		IssuedToken issued = issue("not found");

		assertThat(get("/no-such-endpoint", issued).statusCode()).isEqualTo(404);
	}

	@Test
	void applicationErrorWithAValidTokenIs500AndRecordedAs500() throws Exception {
		IssuedToken issued = issue("boom");

		assertThat(get("/boom", issued).statusCode()).isEqualTo(500);
		assertThat(awaitUsageRow(issued).getMetadata()).containsEntry("status", 500);
	}

	@Test
	void asynchronousEndpointAnswersAndItsRowIsCompletedWhenTheResponseIs() throws Exception {
		IssuedToken issued = issue("async");

		HttpResponse<String> response = get("/async", issued);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("async");
		assertThat(awaitUsageRow(issued).getMetadata()).containsEntry("status", 200)
			.containsEntry("endpoint", "/async");
	}

	private IssuedToken issue(String name) {
		return this.tokens.issue(IssueTokenRequest.builder(TokenOwner.of("user", "dispatch"), name).build());
	}

	private HttpResponse<String> get(String path, IssuedToken token) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", "Bearer " + token.plaintext())
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private AuditLogEntity awaitUsageRow(IssuedToken token) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			Optional<AuditLogEntity> row = this.auditLogs.findByTokenIdOrderByCreatedAtAscIdAsc(token.token().id())
				.stream()
				.filter(candidate -> candidate.getEvent() == AuditEvent.AUTHENTICATED)
				.findFirst();
			if (row.isPresent()) {
				return row.get();
			}
			Thread.sleep(10);
		}
		throw new AssertionError("No authenticated row for " + token);
	}

}
