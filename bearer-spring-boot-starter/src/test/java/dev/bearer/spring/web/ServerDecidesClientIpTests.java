package dev.bearer.spring.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.test.AuditTrail;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.spring.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code server.forward-headers-strategy=native} and no trusted proxies of Bearer's,
 * Tomcat's RemoteIpValve decides the client IP, as documented: it trusts
 * {@code X-Forwarded-For} from any private address (here the loopback client), and Bearer
 * records the address it chose.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "server.forward-headers-strategy=native")
class ServerDecidesClientIpTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private TokenService tokens;

	@Autowired
	private ApplicationContext context;

	@Test
	void auditRowNamesTheClientTomcatTookFromXForwardedFor() throws Exception {
		IssuedToken token = this.tokens
			.issue(IssueTokenRequest.builder(TokenOwner.of("user", "valve"), "valve").build());
		String marker = "valve/" + UUID.randomUUID();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/whoami"))
			.header("Authorization", "Bearer " + token.plaintext())
			.header("User-Agent", marker)
			.header("X-Forwarded-For", "203.0.113.9")
			.build();

		assertThat(this.http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

		assertThat(new AuditTrail(this.context).awaitOne(marker, AuditEvent.AUTHENTICATED).ipAddress())
			.isEqualTo("203.0.113.9");
	}

}
