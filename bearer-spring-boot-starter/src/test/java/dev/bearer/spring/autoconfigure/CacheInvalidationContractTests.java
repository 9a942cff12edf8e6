package dev.bearer.spring.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import dev.bearer.core.invalidation.CacheInvalidationChannel;
import dev.bearer.core.invalidation.CacheInvalidationMetrics;
import dev.bearer.core.test.MutableClock;
import dev.bearer.core.token.AuthenticationFailureReason;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenResolution;
import dev.bearer.core.token.TokenService;
import dev.bearer.spring.actuate.BearerEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Bearer applications ("nodes") in this JVM over one database, sharing a clock: a
 * token revoked, rotated or issued on node A is seen so on node B within a second, though
 * B had cached it (or that its hash was unknown). One short subclass per channel, which
 * {@code bearer.cache.invalidation=auto} chooses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CacheInvalidationContractTests {

	/**
	 * The name channels carry in this JVM, so parallel builds on one server stay apart.
	 */
	protected static final String CHANNEL = "bearer_test_"
			+ UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	/**
	 * The Spring Data Redis auto-configuration, excluded by nodes that should not find
	 * Redis.
	 */
	protected static final String REDIS_AUTO_CONFIGURATION = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration";

	private static final TokenOwner OWNER = TokenOwner.of("user", 14);

	private static final Duration WITHIN = Duration.ofSeconds(1);

	private final MutableClock clock = MutableClock.startingNow();

	protected ConfigurableApplicationContext nodeA;

	protected ConfigurableApplicationContext nodeB;

	/**
	 * Properties of node {@code name} ({@code a} or {@code b}): its database and Redis.
	 */
	protected abstract Map<String, Object> nodeProperties(String name);

	/** The channel {@code auto} chooses for these nodes. */
	protected abstract String expectedChannel();

	@BeforeAll
	void startNodes() {
		this.nodeA = startNode("a");
		this.nodeB = startNode("b");
		awaitConnected(this.nodeA);
		awaitConnected(this.nodeB);
	}

	@AfterAll
	void stopNodes() {
		this.nodeA.close();
		this.nodeB.close();
	}

	@Test
	void autoChoosesTheChannelOfTheseNodes() {
		assertThat(channel(this.nodeA).name()).isEqualTo(expectedChannel());
		assertThat(channel(this.nodeB).name()).isEqualTo(expectedChannel());
		assertThat(meters(this.nodeB).get(CacheInvalidationMetrics.CONNECTED)
			.tag("channel", expectedChannel())
			.gauge()
			.value()).isOne();
		BearerEndpoint.InvalidationDescriptor reported = this.nodeB.getBean(BearerEndpoint.class)
			.bearer()
			.cache()
			.invalidation();
		assertThat(reported.channel()).isEqualTo(expectedChannel());
		assertThat(reported.connected()).isTrue();
		assertThat(reported.received()).isEqualTo(channel(this.nodeB).received());
	}

	@Test
	void revocationOnOneNodeIsRefusedOnTheOtherWithinOneSecond() {
		IssuedToken issued = issueOnACachedOnB("revoked elsewhere");
		long received = channel(this.nodeB).received();

		tokens(this.nodeA).revoke(issued.token().id(), "leaked");

		assertThat(untilRefused(this.nodeB, issued.plaintext(), Duration.ofSeconds(5))).isLessThan(WITHIN);
		assertThat(channel(this.nodeB).received()).isGreaterThan(received);
	}

	@Test
	void rotationGracePeriodEndsAtTheSameInstantOnEveryNode() {
		IssuedToken old = issueOnACachedOnB("rotated elsewhere");

		IssuedToken replacement = tokens(this.nodeA).rotate(old.token().id(), Duration.ofMinutes(1));
		Instant graceEnd = tokens(this.nodeA).find(old.token().id()).orElseThrow().revokedAt();

		await().atMost(WITHIN).until(() -> tokens(this.nodeB).resolveFromCache(old.plaintext()).isEmpty());
		this.clock.set(graceEnd.minusNanos(1000));
		for (ConfigurableApplicationContext node : List.of(this.nodeA, this.nodeB)) {
			assertThat(tokens(node).resolve(old.plaintext())).isInstanceOf(TokenResolution.Resolved.class);
			assertThat(tokens(node).resolve(replacement.plaintext())).isInstanceOf(TokenResolution.Resolved.class);
		}
		this.clock.set(graceEnd);
		for (ConfigurableApplicationContext node : List.of(this.nodeA, this.nodeB)) {
			assertThat(tokens(node).resolve(old.plaintext())).isInstanceOfSatisfying(TokenResolution.Rejected.class,
					(rejected) -> assertThat(rejected.reason()).isEqualTo(AuthenticationFailureReason.REVOKED));
			assertThat(tokens(node).resolve(replacement.plaintext())).isInstanceOf(TokenResolution.Resolved.class);
		}
	}

	@Test
	void tokenIssuedAfterTheOtherNodeFoundItsHashUnknownWorksThereWithinOneSecond() {
		AtomicReference<IssuedToken> issued = new AtomicReference<>();
		new TransactionTemplate(this.nodeA.getBean(PlatformTransactionManager.class)).executeWithoutResult((status) -> {
			issued.set(tokens(this.nodeA).issue(IssueTokenRequest.builder(OWNER, "issued elsewhere").build()));
			assertThat(tokens(this.nodeB).resolve(issued.get().plaintext()))
				.as("looked up on B before A's transaction commits")
				.isInstanceOfSatisfying(TokenResolution.Rejected.class,
						(rejected) -> assertThat(rejected.reason()).isEqualTo(AuthenticationFailureReason.UNKNOWN));
		});

		assertThat(untilResolved(this.nodeB, issued.get().plaintext())).isLessThan(WITHIN);
	}

	/**
	 * Not a test but a measurement, run only with {@code -Dbearer.measure.revocations=N}:
	 * prints the median, 90th percentile and maximum time from the return of
	 * {@code revoke} on node A (the change committed) to node B's first refusal of the
	 * token it had cached, over N revocations.
	 */
	@Test
	@EnabledIfSystemProperty(named = "bearer.measure.revocations", matches = "[1-9][0-9]*")
	void measureRevocationToRefusalDelay() throws InterruptedException {
		int runs = Integer.getInteger("bearer.measure.revocations");
		List<Long> micros = new ArrayList<>();
		for (int run = 0; run < runs; run++) {
			IssuedToken issued = issueOnACachedOnB("measured");
			// a pause of random length, so the revocation falls anywhere in a poll
			// interval
			Thread.sleep(ThreadLocalRandom.current().nextLong(600));
			assertThat(tokens(this.nodeB).resolveFromCache(issued.plaintext())).isPresent();
			tokens(this.nodeA).revoke(issued.token().id(), "measured");
			long revoked = System.nanoTime();
			long deadline = revoked + Duration.ofSeconds(10).toNanos();
			while (tokens(this.nodeB).resolve(issued.plaintext()) instanceof TokenResolution.Resolved
					&& System.nanoTime() < deadline) {
				Thread.onSpinWait();
			}
			micros.add((System.nanoTime() - revoked) / 1000);
		}
		Collections.sort(micros);
		System.out.printf("revocation-to-refusal over %s (%d runs): median %.1f ms, p90 %.1f ms, max %.1f ms%n",
				expectedChannel(), runs, micros.get(runs / 2) / 1000.0, micros.get((runs * 9) / 10) / 1000.0,
				micros.get(runs - 1) / 1000.0);
	}

	/**
	 * Issues a token on node A and caches it on node B once B has heard of the issue, so
	 * that only a later change evicts it there.
	 */
	protected IssuedToken issueOnACachedOnB(String name) {
		long received = channel(this.nodeB).received();
		IssuedToken issued = tokens(this.nodeA).issue(IssueTokenRequest.builder(OWNER, name).build());
		await().atMost(Duration.ofSeconds(5)).until(() -> channel(this.nodeB).received() > received);
		cacheOn(this.nodeB, issued);
		return issued;
	}

	/**
	 * Resolves the token on {@code node}, which caches it there (again if the
	 * announcement of its issue, arriving meanwhile, kept the first lookup from being
	 * cached).
	 */
	protected static void cacheOn(ConfigurableApplicationContext node, IssuedToken issued) {
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			assertThat(tokens(node).resolve(issued.plaintext())).isInstanceOf(TokenResolution.Resolved.class);
			return tokens(node).resolveFromCache(issued.plaintext()).isPresent();
		});
	}

	/**
	 * How long until {@code node} refuses {@code plaintext} as revoked; fails if it still
	 * accepts it after {@code atMost}.
	 */
	protected static Duration untilRefused(ConfigurableApplicationContext node, String plaintext, Duration atMost) {
		long start = System.nanoTime();
		await().atMost(atMost)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> tokens(node).resolve(plaintext),
					(resolution) -> resolution instanceof TokenResolution.Rejected rejected
							&& rejected.reason() == AuthenticationFailureReason.REVOKED);
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private static Duration untilResolved(ConfigurableApplicationContext node, String plaintext) {
		long start = System.nanoTime();
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> tokens(node).resolve(plaintext) instanceof TokenResolution.Resolved);
		return Duration.ofNanos(System.nanoTime() - start);
	}

	protected static TokenService tokens(ConfigurableApplicationContext node) {
		return node.getBean(TokenService.class);
	}

	protected static CacheInvalidationChannel channel(ConfigurableApplicationContext node) {
		return node.getBean(CacheInvalidationChannel.class);
	}

	protected static MeterRegistry meters(ConfigurableApplicationContext node) {
		return node.getBean(MeterRegistry.class);
	}

	/** Failures counted by {@code node}'s channel metric. */
	protected double failures(ConfigurableApplicationContext node) {
		return meters(node).get(CacheInvalidationMetrics.FAILURES)
			.tag("channel", expectedChannel())
			.functionCounter()
			.count();
	}

	protected static void awaitConnected(ConfigurableApplicationContext node) {
		await().atMost(Duration.ofSeconds(60)).until(() -> channel(node).isConnected());
	}

	private ConfigurableApplicationContext startNode(String name) {
		Map<String, Object> properties = new LinkedHashMap<>(nodeProperties(name));
		properties.put("spring.application.name", "node-" + name);
		properties.put("bearer.cache.invalidation", "auto");
		properties.put("bearer.cache.invalidation-channel", CHANNEL);
		properties.put("spring.jmx.enabled", "true");
		properties.put("spring.jmx.unique-names", "true");
		properties.put("management.endpoints.jmx.exposure.include", "bearer");
		List<String> arguments = new ArrayList<>();
		properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		return new SpringApplicationBuilder(NodeApplication.class).web(WebApplicationType.NONE)
			.initializers((context) -> context.getBeanFactory().registerSingleton("clock", this.clock))
			.run(arguments.toArray(String[]::new));
	}

	/** One node: Bearer's auto-configuration and nothing of its own. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class NodeApplication {

	}

}
