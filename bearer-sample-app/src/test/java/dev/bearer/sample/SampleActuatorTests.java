package dev.bearer.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's Actuator endpoints over HTTP: health is public without details,
 * {@code bearer} needs the admin ability.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleActuatorTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private DemoTokens demo;

	@Test
	void anonymousHealthShowsOnlyTheStatus() throws Exception {
		HttpResponse<String> health = get("/actuator/health", null);

		JsonNode body = JSON.readTree(health.body());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(body.get("status").asString()).isEqualTo("UP");
		assertThat(body.has("components")).as("no component, no detail: " + body).isFalse();
		assertThat(body.has("details")).isFalse();
	}

	@Test
	void adminTokenSeesTheBearerHealthDetails() throws Exception {
		HttpResponse<String> health = get("/actuator/health", this.demo.admin().plaintext());

		JsonNode bearer = JSON.readTree(health.body()).get("components").get("bearer");
		assertThat(bearer.get("status").asString()).isEqualTo("UP");
		assertThat(bearer.get("details").get("sink").asString()).isEqualTo("jdbc");
		assertThat(bearer.get("details").get("queueCapacity").asInt()).isEqualTo(10_000);
	}

	@Test
	void tokenWithoutTheAdminAbilitySeesNoHealthDetails() throws Exception {
		HttpResponse<String> health = get("/actuator/health", this.demo.checkout().plaintext());

		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(health.body()).has("components")).isFalse();
	}

	@Test
	void bearerEndpointNeedsTheAdminAbility() throws Exception {
		assertThat(get("/actuator/bearer", null).statusCode()).isEqualTo(401);
		HttpResponse<String> checkout = get("/actuator/bearer", this.demo.checkout().plaintext());
		assertThat(checkout.statusCode()).isEqualTo(403);
		assertThat(checkout.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("insufficient_scope");

		HttpResponse<String> admin = get("/actuator/bearer", this.demo.admin().plaintext());

		assertThat(admin.statusCode()).isEqualTo(200);
		JsonNode bearer = JSON.readTree(admin.body());
		assertThat(bearer.get("tokens").get("byType").get("sk").get("test").get("revoked").asLong())
			.as("the demo's retired integration")
			.isPositive();
		assertThat(bearer.get("tokens").get("active").asLong()).isPositive();
		assertThat(bearer.get("audit").get("sink").asString()).isEqualTo("jdbc");
		assertThat(bearer.get("rateLimit").get("backend").asString()).isEqualTo("local");
	}

	private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
