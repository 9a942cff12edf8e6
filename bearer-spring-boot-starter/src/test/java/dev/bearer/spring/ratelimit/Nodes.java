package dev.bearer.spring.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.bearer.core.test.MutableClock;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenQuota;
import dev.bearer.core.token.TokenService;
import dev.bearer.spring.TestApplication;
import dev.bearer.spring.actuate.BearerEndpoint;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;

/**
 * Application contexts of the starter's {@link TestApplication}, each on a real server of
 * its own ("nodes"), sharing whatever their properties point at; requests go over HTTP.
 */
final class Nodes implements AutoCloseable {

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/**
	 * Starts a node with {@code properties} (as command-line arguments, over the test
	 * resources' {@code application.properties}) and the common ones.
	 */
	ConfigurableApplicationContext start(Map<String, Object> properties) {
		Map<String, Object> all = new HashMap<>();
		all.put("server.port", "0");
		all.put("bearer.authentication.environments", "test");
		all.put("bearer.audit.spool.enabled", "false");
		all.put("bearer.authentication.trusted-proxies", "127.0.0.1");
		// these nodes test shared counting; a cache invalidation channel recovering from
		// one
		// test's outage would clear the lookup cache under the next test's warmed tokens
		all.put("bearer.cache.invalidation", "none");
		all.put("management.endpoints.web.exposure.include", "bearer");
		all.putAll(properties);
		String[] arguments = all.entrySet()
			.stream()
			.map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class).run(arguments);
		this.contexts.add(context);
		return context;
	}

	/** Stops {@code node}. */
	void stop(ConfigurableApplicationContext node) {
		this.contexts.remove(node);
		node.close();
	}

	/**
	 * Issues a test token allowed {@code perMinute} requests a minute, through
	 * {@code node}.
	 */
	static IssuedToken issue(ConfigurableApplicationContext node, int perMinute) {
		return node.getBean(TokenService.class)
			.issue(IssueTokenRequest.builder(TokenOwner.of("user", 42), "shared")
				.abilities("orders:read")
				.rateLimitPerMinute(perMinute)
				.build());
	}

	/** Issues a test token with {@code quota} and no rate limit, through {@code node}. */
	static IssuedToken issue(ConfigurableApplicationContext node, TokenQuota quota) {
		return node.getBean(TokenService.class)
			.issue(IssueTokenRequest.builder(TokenOwner.of("user", 42), "quota")
				.abilities("orders:read")
				.quota(quota)
				.build());
	}

	/** Sets every node's clock to one instant near now, so they count time alike. */
	void alignClocks() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		this.contexts.forEach(node -> node.getBean(MutableClock.class).set(now));
	}

	/** Moves every node's clock by {@code amount}. */
	void advanceClocks(Duration amount) {
		this.contexts.forEach(node -> node.getBean(MutableClock.class).advance(amount));
	}

	/** {@code GET /orders} on {@code node} with {@code token}. */
	HttpResponse<String> get(ConfigurableApplicationContext node, IssuedToken token) {
		return get(node, token.plaintext());
	}

	/** {@code GET /orders} on {@code node} with the key {@code key}. */
	HttpResponse<String> get(ConfigurableApplicationContext node, String key) {
		return get(node, key, "127.0.0.1");
	}

	/**
	 * {@code GET /orders} on {@code node} with the key {@code key}, for the client
	 * {@code clientIp} (named in {@code X-Forwarded-For}, which the nodes trust from this
	 * machine).
	 */
	HttpResponse<String> get(ConfigurableApplicationContext node, String key, String clientIp) {
		int port = ((WebServerApplicationContext) node).getWebServer().getPort();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders"))
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.header("X-Forwarded-For", clientIp)
			.timeout(Duration.ofSeconds(30))
			.build();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends {@code requests} requests with {@code token} from {@code threads} threads at
	 * once, spread over {@code nodes} in turn, and counts the answers by status.
	 */
	Map<Integer, Integer> flood(List<ConfigurableApplicationContext> nodes, IssuedToken token, int requests,
			int threads) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				ConfigurableApplicationContext node = nodes.get(i % nodes.size());
				answers.add(pool.submit(() -> {
					start.await();
					return get(node, token).statusCode();
				}));
			}
			start.countDown();
			Map<Integer, Integer> statuses = new HashMap<>();
			for (Future<Integer> answer : answers) {
				statuses.merge(answer.get(), 1, Integer::sum);
			}
			return statuses;
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** What {@code node}'s {@code bearer} Actuator endpoint says of its rate limits. */
	static BearerEndpoint.RateLimitDescriptor rateLimitState(ConfigurableApplicationContext node) {
		return node.getBean(BearerEndpoint.class).bearer().rateLimit();
	}

	/** The {@value RateLimitMetrics#FALLBACKS} count of {@code node}. */
	static double fallbacks(ConfigurableApplicationContext node) {
		FunctionCounter counter = node.getBean(MeterRegistry.class).find(RateLimitMetrics.FALLBACKS).functionCounter();
		return (counter != null) ? counter.count() : 0;
	}

	@Override
	public void close() {
		new ArrayList<>(this.contexts).forEach(this::stop);
	}

}
