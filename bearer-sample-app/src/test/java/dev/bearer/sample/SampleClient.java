package dev.bearer.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Calls the sample on its port as an HTTP client would, with or without a key. */
final class SampleClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final int port;

	SampleClient(int port) {
		this.port = port;
	}

	/**
	 * Sends {@code method path} with {@code token} (none when {@code null}) and a JSON
	 * body (none when {@code null}).
	 */
	HttpResponse<String> send(String method, String path, String token, String json)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.method(method,
					(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** The JSON answer of {@code GET path} with {@code token}, which must be 200. */
	JsonNode getJson(String path, String token) throws IOException, InterruptedException {
		HttpResponse<String> response = send("GET", path, token, null);
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	/** {@code body} read as JSON. */
	static JsonNode json(String body) {
		return JSON.readTree(body);
	}

}
