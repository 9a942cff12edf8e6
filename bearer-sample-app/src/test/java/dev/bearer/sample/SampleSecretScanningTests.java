package dev.bearer.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

import dev.bearer.core.token.HashAlgorithm;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's {@code secret-scanning} profile over HTTP: a report signed with the
 * demonstration key, beside the sample's own security chain, revokes the leaked key,
 * which then stops working.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("secret-scanning")
class SampleSecretScanningTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TokenService tokens;

	@Test
	void reportSignedWithTheDemonstrationKeyRevokesTheLeakedKey() throws Exception {
		IssuedToken leaked = this.tokens
			.issue(IssueTokenRequest.builder(TokenOwner.of("user", "leaky"), "pushed to GitHub").build());
		byte[] report = ("[{\"token\":\"" + leaked.plaintext()
				+ "\",\"type\":\"bearer_key\",\"url\":\"https://github.com/octocat/demo/blob/main/.env\",\"source\":\"content\"}]")
			.getBytes(StandardCharsets.UTF_8);
		SampleClient client = new SampleClient(this.port);
		assertThat(client.send("GET", "/api/orders", leaked.plaintext(), null).statusCode()).isEqualTo(200);

		HttpResponse<String> answer = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/bearer/secret-scanning"))
				.header("Content-Type", "application/json")
				.header("Github-Public-Key-Identifier", "demo")
				.header("Github-Public-Key-Signature", sign(report))
				.POST(HttpRequest.BodyPublishers.ofByteArray(report))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(answer.statusCode()).isEqualTo(200);
		JsonNode label = SampleClient.json(answer.body()).get(0);
		assertThat(label.get("token_hash").asString()).isEqualTo(HashAlgorithm.SHA256.hash(leaked.plaintext()));
		assertThat(label.get("label").asString()).isEqualTo("true_positive");
		assertThat(this.tokens.find(leaked.token().id()).orElseThrow().revokedAt()).isNotNull();
		assertThat(client.send("GET", "/api/orders", leaked.plaintext(), null).statusCode()).isEqualTo(401);
	}

	private static String sign(byte[] body) throws Exception {
		String pem = new ClassPathResource("secret-scanning/demo-private-key.pem")
			.getContentAsString(StandardCharsets.US_ASCII);
		byte[] der = Base64.getMimeDecoder()
			.decode(pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", ""));
		PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
		Signature signer = Signature.getInstance("SHA256withECDSA");
		signer.initSign(key);
		signer.update(body);
		return Base64.getEncoder().encodeToString(signer.sign());
	}

}
