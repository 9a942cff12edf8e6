package dev.bearer.sample;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

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

	@LocalServerPort
	private int port;

	private SampleClient client;

	@Autowired
	private DemoTokens demo;

	@BeforeEach
	void connect() {
		this.client = new SampleClient(this.port);
	}

	@Test
	void anonymousHealthShowsOnlyTheStatus() throws Exception {
		HttpResponse<String> health = this.client.send("GET", "/actuator/health", null, null);

		JsonNode body = SampleClient.json(health.body());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(body.get("status").asString()).isEqualTo("UP");
		assertThat(body.has("components")).as("no component, no detail: " + body).isFalse();
		assertThat(body.has("details")).isFalse();
	}

	@Test
	void adminTokenSeesTheBearerHealthDetails() throws Exception {
		HttpResponse<String> health = this.client.send("GET", "/actuator/health", this.demo.admin().plaintext(), null);

		JsonNode bearer = SampleClient.json(health.body()).get("components").get("bearer");
		assertThat(bearer.get("status").asString()).isEqualTo("UP");
		assertThat(bearer.get("details").get("sink").asString()).isEqualTo("jdbc");
		assertThat(bearer.get("details").get("queueCapacity").asInt()).isEqualTo(10_000);
	}

	@Test
	void tokenWithoutTheAdminAbilitySeesNoHealthDetails() throws Exception {
		HttpResponse<String> health = this.client.send("GET", "/actuator/health", this.demo.checkout().plaintext(),
				null);

		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(SampleClient.json(health.body()).has("components")).isFalse();
	}

	@Test
	void bearerEndpointNeedsTheAdminAbility() throws Exception {
		assertThat(this.client.send("GET", "/actuator/bearer", null, null).statusCode()).isEqualTo(401);
		HttpResponse<String> checkout = this.client.send("GET", "/actuator/bearer", this.demo.checkout().plaintext(),
				null);
		assertThat(checkout.statusCode()).isEqualTo(403);
		assertThat(checkout.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("insufficient_scope");

		HttpResponse<String> admin = this.client.send("GET", "/actuator/bearer", this.demo.admin().plaintext(), null);

		assertThat(admin.statusCode()).isEqualTo(200);
		JsonNode bearer = SampleClient.json(admin.body());
		assertThat(bearer.get("tokens").get("byType").get("sk").get("test").get("revoked").asLong())
			.as("the demo's retired integration")
			.isPositive();
		assertThat(bearer.get("tokens").get("active").asLong()).isPositive();
		assertThat(bearer.get("audit").get("sink").asString()).isEqualTo("jdbc");
		assertThat(bearer.get("rateLimit").get("backend").asString()).isEqualTo("local");
	}

}
