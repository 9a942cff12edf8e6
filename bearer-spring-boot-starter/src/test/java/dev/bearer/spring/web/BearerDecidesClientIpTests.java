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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real Tomcat without forward-header handling of its own, Bearer decides the client
 * IP: the test's HTTP client (on the loopback address) is the trusted proxy, and the
 * audit row of each request names the client its headers name, as an IP literal only.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "bearer.authentication.trusted-proxies=127.0.0.1, ::1")
class BearerDecidesClientIpTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private TokenService tokens;

	@Autowired
	private ApplicationContext context;

	private IssuedToken token;

	@BeforeEach
	void issueAToken() {
		this.token = this.tokens.issue(IssueTokenRequest.builder(TokenOwner.of("user", "proxied"), "proxied").build());
	}

	@Test
	void xForwardedForHopWithAPortIsRecordedWithoutIt() throws Exception {
		assertThat(clientIpOf("X-Forwarded-For", "198.51.100.23, 203.0.113.7:443")).isEqualTo("203.0.113.7");
	}

	@Test
	void forwardedBracketedIpv6WithAPortIsRecordedAsTheAddress() throws Exception {
		assertThat(clientIpOf("Forwarded", "for=192.0.2.60;proto=https, for=\"[2001:db8::1]:4711\""))
			.isEqualTo("2001:db8::1");
	}

	@Test
	void unknownHopIsRecordedAsTheProxyThatAppendedIt() throws Exception {
		assertThat(clientIpOf("X-Forwarded-For", "198.51.100.23, unknown")).isEqualTo("127.0.0.1");
	}

	@Test
	void hostNameHopIsNeitherResolvedNorRecorded() throws Exception {
		assertThat(clientIpOf("X-Forwarded-For", "localhost")).isEqualTo("127.0.0.1");
	}

	private String clientIpOf(String header, String value) throws Exception {
		String marker = "forwarded/" + UUID.randomUUID();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/whoami"))
			.header("Authorization", "Bearer " + this.token.plaintext())
			.header("User-Agent", marker)
			.header(header, value)
			.build();
		assertThat(this.http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
		return new AuditTrail(this.context).awaitOne(marker, AuditEvent.AUTHENTICATED).ipAddress();
	}

}
