package dev.bearer.spring.ratelimit;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenFormat;
import dev.bearer.core.token.TokenQuota;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.token.TokenType;
import dev.bearer.core.token.TokenTypeRegistry;
import dev.bearer.spring.actuate.BearerEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits shared by two nodes (application contexts with servers of their own, in
 * this JVM) over one backend: exact admission under contention, the RateLimit header
 * fields, and an outage of the backend with each {@code on-backend-failure} policy. One
 * subclass per backend says how to reach it and how to cut it off.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
public abstract class SharedRateLimitContractTests {

	private static final int FAILURE_BUDGET = 5;

	private static final Logger logger = LoggerFactory.getLogger(SharedRateLimitContractTests.class);

	private static final int THREADS = 16;

	private static final Duration RETRY_INTERVAL = Duration.ofMillis(200);

	private final Nodes nodes = new Nodes();

	private ConfigurableApplicationContext nodeA;

	private ConfigurableApplicationContext nodeB;

	/** The properties that put a node's buckets on the backend under test. */
	protected abstract Map<String, Object> backendProperties();

	/** The backend's name as the limiter reports it. */
	protected abstract String backendName();

	/** Makes the backend unreachable for every node. */
	protected abstract void cutBackend(ConfigurableApplicationContext... nodes);

	/** Makes the backend reachable again. */
	protected abstract void restoreBackend(ConfigurableApplicationContext... nodes);

	@BeforeAll
	void startTwoNodes() {
		this.nodeA = this.nodes.start(properties("local"));
		this.nodeB = this.nodes.start(properties("local"));
	}

	@AfterAll
	void stopNodes() {
		this.nodes.close();
	}

	@BeforeEach
	void alignClocks() {
		this.nodes.alignClocks();
	}

	@AfterEach
	void restore() {
		restoreBackend(this.nodeA, this.nodeB);
	}

	/** The first node. */
	protected ConfigurableApplicationContext node() {
		return this.nodeA;
	}

	@Test
	void failureBudgetOfAClientIsSpentOnceAcrossTheNodes() {
		assertThat(this.nodeA.getBean(FailureBudget.class)).isInstanceOf(SharedFailureBudget.class);
		TokenTypeRegistry types = this.nodeA.getBean(TokenTypeRegistry.class);
		TokenFormat format = new TokenFormat(types);
		TokenType type = types.find("sk").orElseThrow();
		String client = "198.51.100." + ThreadLocalRandom.current().nextInt(1, 255);
		for (int i = 0; i < FAILURE_BUDGET; i++) {
			ConfigurableApplicationContext node = (i % 2 == 0) ? this.nodeA : this.nodeB;
			assertThat(this.nodes.get(node, format.generate(type, TokenEnvironment.TEST), client).statusCode())
				.as("unknown key %d of the budget", i + 1)
				.isEqualTo(401);
		}

		assertThat(this.nodes.get(this.nodeB, format.generate(type, TokenEnvironment.TEST), client).statusCode())
			.isEqualTo(429);
		assertThat(this.nodes.get(this.nodeA, format.generate(type, TokenEnvironment.TEST), client).statusCode())
			.isEqualTo(429);
	}

	@Test
	void failureBudgetDuringAnOutageCountsAsAFallbackOfTheSameBackendAndWarnsOnce(CapturedOutput output) {
		ConfigurableApplicationContext node = this.nodes.start(properties("local"));
		try {
			this.nodes.alignClocks();
			TokenTypeRegistry types = node.getBean(TokenTypeRegistry.class);
			String unknown = new TokenFormat(types).generate(types.find("sk").orElseThrow(), TokenEnvironment.TEST);
			IssuedToken limited = Nodes.issue(node, 5);
			assertThat(this.nodes.get(node, limited).statusCode()).isEqualTo(200);

			cutBackend(node);
			this.nodes.get(node, unknown, "198.51.100.7");
			assertThat(this.nodes.get(node, limited).statusCode()).isEqualTo(200);

			assertThat(Nodes.fallbacks(node)).as("the unknown key's budget and the token's limit").isEqualTo(2);
			assertThat(occurrences(output, "The " + backendName() + " rate-limit backend cannot be reached")).isOne();
		}
		finally {
			restoreBackend(node);
			this.nodes.stop(node);
		}
	}

	@Test
	void bothNodesUseTheSharedBackend() {
		assertThat(this.nodeA.getBean(RateLimiter.class)).isInstanceOfSatisfying(SharedRateLimiter.class,
				limiter -> assertThat(limiter.backend()).isEqualTo(backendName()));
	}

	@Test
	void twoNodesUnderContentionAdmitExactlyTheLimitPerWindow() throws Exception {
		int limit = 40;
		IssuedToken token = Nodes.issue(this.nodeA, limit);

		long started = System.nanoTime();
		Map<Integer, Integer> first = this.nodes.flood(List.of(this.nodeA, this.nodeB), token, 3 * limit, THREADS);
		long firstMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
		this.nodes.advanceClocks(Duration.ofMinutes(1));
		Map<Integer, Integer> second = this.nodes.flood(List.of(this.nodeA, this.nodeB), token, 3 * limit, THREADS);

		logger.info("{}: {} requests from {} threads on two nodes, limit {}: {} in {} ms; next window: {}",
				backendName(), 3 * limit, THREADS, limit, first, firstMillis, second);
		assertThat(first).containsExactlyInAnyOrderEntriesOf(Map.of(200, limit, 429, 2 * limit));
		assertThat(second).containsExactlyInAnyOrderEntriesOf(Map.of(200, limit, 429, 2 * limit));
		assertThat(Nodes.fallbacks(this.nodeA) + Nodes.fallbacks(this.nodeB)).isZero();
	}

	@Test
	void twoNodesUnderContentionAdmitExactlyTheDailyQuotaAndTheNextDayStartsAfresh() throws Exception {
		int quota = 30;
		IssuedToken token = Nodes.issue(this.nodeA, TokenQuota.perDay(quota));

		Map<Integer, Integer> today = this.nodes.flood(List.of(this.nodeA, this.nodeB), token, 3 * quota, THREADS);
		this.nodes.advanceClocks(Duration.ofDays(1));
		Map<Integer, Integer> tomorrow = this.nodes.flood(List.of(this.nodeA, this.nodeB), token, 3 * quota, THREADS);

		logger.info("{}: daily quota {} over two nodes: {}; next day: {}", backendName(), quota, today, tomorrow);
		assertThat(today).containsExactlyInAnyOrderEntriesOf(Map.of(200, quota, 429, 2 * quota));
		assertThat(tomorrow).containsExactlyInAnyOrderEntriesOf(Map.of(200, quota, 429, 2 * quota));
		assertThat(Nodes.fallbacks(this.nodeA) + Nodes.fallbacks(this.nodeB)).isZero();
	}

	@Test
	void creditsAreSpentOnceAcrossTheNodesAndOutliveThemOnANodeOfAnyBackend() throws Exception {
		IssuedToken token = Nodes.issue(this.nodeA, TokenQuota.credits(30));
		// one request on each node first, so that the key's concurrent first lookups are
		// not
		// refused by the failure budget (5 here) before they identify the token
		assertThat(this.nodes.get(this.nodeA, token).statusCode()).isEqualTo(200);
		assertThat(this.nodes.get(this.nodeB, token).statusCode()).isEqualTo(200);

		Map<Integer, Integer> spent = this.nodes.flood(List.of(this.nodeA, this.nodeB), token, 20, THREADS);
		Map<String, Object> restartedLocal = new HashMap<>(properties("local"));
		restartedLocal.put("bearer.rate-limit.backend", "local");
		ConfigurableApplicationContext restarted = this.nodes.start(restartedLocal);
		try {
			assertThat(this.nodes.get(restarted, token).statusCode()).isEqualTo(200);
			Map<Integer, Integer> afterRestart = this.nodes.flood(List.of(restarted), token, 10, THREADS);
			restarted.getBean(TokenService.class).refillCredits(token.token().id(), 5);
			Map<Integer, Integer> afterRefill = this.nodes.flood(List.of(this.nodeA, restarted), token, 10, THREADS);

			assertThat(spent).containsExactlyInAnyOrderEntriesOf(Map.of(200, 20));
			assertThat(afterRestart).containsExactlyInAnyOrderEntriesOf(Map.of(200, 7, 429, 3));
			assertThat(afterRefill).containsExactlyInAnyOrderEntriesOf(Map.of(200, 5, 429, 5));
			assertThat(restarted.getBean(TokenService.class).remainingCredits(token.token().id())).hasValue(0);
		}
		finally {
			this.nodes.stop(restarted);
		}
	}

	@Test
	void responsesOfEitherNodeCarryTheSharedRateLimitFieldsAndRefusalsRetryAfter() {
		IssuedToken token = Nodes.issue(this.nodeA, 3);

		HttpResponse<String> first = this.nodes.get(this.nodeA, token);
		HttpResponse<String> second = this.nodes.get(this.nodeB, token);
		HttpResponse<String> third = this.nodes.get(this.nodeA, token);
		HttpResponse<String> refused = this.nodes.get(this.nodeB, token);

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(header(first, "RateLimit-Policy")).isEqualTo("\"per-minute\";q=3;w=60");
		assertThat(header(first, "RateLimit")).isEqualTo("\"per-minute\";r=2;t=20");
		assertThat(header(second, "RateLimit")).isEqualTo("\"per-minute\";r=1;t=40");
		assertThat(header(third, "RateLimit")).isEqualTo("\"per-minute\";r=0;t=60");
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(header(refused, HttpHeaders.RETRY_AFTER)).isEqualTo("20");
		assertThat(header(refused, "RateLimit-Policy")).isEqualTo("\"per-minute\";q=3;w=60");
		assertThat(header(refused, "RateLimit")).isEqualTo("\"per-minute\";r=0;t=60");
	}

	@Test
	void outageFallsBackToTheNodesLocalLimiterLogsOnceAndRecoversByItself(CapturedOutput output) throws Exception {
		int limit = 5;
		IssuedToken token = Nodes.issue(this.nodeA, limit);
		assertThat(this.nodes.get(this.nodeA, token).statusCode()).isEqualTo(200);
		double fallbacksBefore = Nodes.fallbacks(this.nodeA);

		cutBackend(this.nodeA, this.nodeB);
		Map<Integer, Integer> duringOutage = this.nodes.flood(List.of(this.nodeA), token, 2 * limit, 4);

		assertThat(duringOutage).containsExactlyInAnyOrderEntriesOf(Map.of(200, limit, 429, limit));
		assertThat(Nodes.fallbacks(this.nodeA) - fallbacksBefore).isEqualTo(2 * limit);
		assertThat(occurrences(output, "The " + backendName() + " rate-limit backend cannot be reached")).isOne();
		BearerEndpoint.RateLimitDescriptor reported = Nodes.rateLimitState(this.nodeA);
		assertThat(reported.backendDown()).isTrue();
		assertThat(reported.fallbacks()).isEqualTo((long) Nodes.fallbacks(this.nodeA));

		restoreBackend(this.nodeA, this.nodeB);
		Thread.sleep(RETRY_INTERVAL.multipliedBy(2).toMillis());
		HttpResponse<String> recovered = this.nodes.get(this.nodeA, token);

		assertThat(recovered.statusCode()).isEqualTo(200);
		assertThat(header(recovered, "RateLimit")).startsWith("\"per-minute\";r=" + (limit - 2) + ";");
		assertThat(occurrences(output, "The " + backendName() + " rate-limit backend is reachable again")).isOne();
		assertThat(Nodes.rateLimitState(this.nodeA).backendDown()).isFalse();
	}

	@Test
	void outageWithRejectAnswers503AndRecoversByItself() throws Exception {
		ConfigurableApplicationContext strict = this.nodes.start(properties("reject"));
		try {
			this.nodes.alignClocks();
			IssuedToken token = Nodes.issue(strict, 5);
			assertThat(this.nodes.get(strict, token).statusCode()).isEqualTo(200);

			cutBackend(strict);
			HttpResponse<String> during = this.nodes.get(strict, token);

			assertThat(during.statusCode()).isEqualTo(503);
			assertThat(header(during, HttpHeaders.RETRY_AFTER)).isNotNull();
			assertThat(Nodes.fallbacks(strict)).isZero();

			restoreBackend(strict);
			Thread.sleep(RETRY_INTERVAL.multipliedBy(2).toMillis());
			HttpResponse<String> after = this.nodes.get(strict, token);
			assertThat(after.statusCode()).isEqualTo(200);
			assertThat(header(after, "RateLimit")).startsWith("\"per-minute\";r=3;");
		}
		finally {
			restoreBackend(strict);
			this.nodes.stop(strict);
		}
	}

	@Test
	void quotaDecidedLocallyDuringAnOutageIsCountedWithRateLimitsSwitchedOff() throws Exception {
		Map<String, Object> properties = new HashMap<>(properties("local"));
		properties.put("bearer.rate-limit.enabled", "false");
		ConfigurableApplicationContext node = this.nodes.start(properties);
		try {
			this.nodes.alignClocks();
			IssuedToken token = Nodes.issue(node, TokenQuota.perDay(100));
			assertThat(this.nodes.get(node, token).statusCode()).isEqualTo(200);

			cutBackend(node);
			HttpResponse<String> during = this.nodes.get(node, token);

			assertThat(during.statusCode()).isEqualTo(200);
			assertThat(Nodes.fallbacks(node)).isOne();
		}
		finally {
			restoreBackend(node);
			this.nodes.stop(node);
		}
	}

	private Map<String, Object> properties(String onBackendFailure) {
		Map<String, Object> properties = new HashMap<>(backendProperties());
		properties.put("bearer.rate-limit.on-backend-failure", onBackendFailure);
		properties.put("bearer.rate-limit.backend-retry-interval", RETRY_INTERVAL.toMillis() + "ms");
		// generous: this machine's two cores are shared with other builds, and a request
		// that
		// times out falls back to the node's own count
		properties.put("bearer.rate-limit.backend-timeout", "5s");
		properties.put("bearer.authentication.failure-budget.max-failures", FAILURE_BUDGET);
		return properties;
	}

	private static String header(HttpResponse<String> response, String name) {
		return response.headers().firstValue(name).orElse(null);
	}

	private static int occurrences(CapturedOutput output, String text) {
		return output.getAll().split(java.util.regex.Pattern.quote(text), -1).length - 1;
	}

}
