package dev.bearer.spring.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.test.AuditTrail;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.usage.AuditEntry;
import dev.bearer.spring.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real server, an authenticated request keeps its authentication through the error
 * and asynchronous dispatches: a valid token never turns a 404, a 500 or an async answer
 * into a 401.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RealServerDispatchTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private TokenService tokens;

	@Autowired
	private ApplicationContext context;

	@Test
	void unknownPathWithAValidTokenIs404() throws Exception {
		IssuedToken issued = issue("not found");

		assertThat(get("/no-such-endpoint", issued).statusCode()).isEqualTo(404);
	}

	@Test
	void applicationErrorWithAValidTokenIs500AndRecordedAs500() throws Exception {
		IssuedToken issued = issue("boom");

		assertThat(get("/boom", issued).statusCode()).isEqualTo(500);
		assertThat(usageRow(issued).metadata()).containsEntry("status", 500);
	}

	@Test
	void asynchronousEndpointAnswersAndItsRowIsCompletedWhenTheResponseIs() throws Exception {
		IssuedToken issued = issue("async");

		HttpResponse<String> response = get("/async", issued);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("async");
		assertThat(usageRow(issued).metadata()).containsEntry("status", 200).containsEntry("endpoint", "/async");
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

	/**
	 * The request's own usage row: on a real server it reaches the sink after the client
	 * has its answer.
	 */
	private AuditEntry usageRow(IssuedToken token) throws InterruptedException {
		return new AuditTrail(this.context).awaitOne(token.token().id(), AuditEvent.AUTHENTICATED);
	}

}
