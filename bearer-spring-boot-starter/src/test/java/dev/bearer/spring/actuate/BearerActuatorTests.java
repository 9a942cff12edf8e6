package dev.bearer.spring.actuate;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.audit.AuditRecord;
import dev.bearer.core.audit.JdbcAuditSink;
import dev.bearer.core.invalidation.CacheInvalidationChannel;
import dev.bearer.core.test.AuditTrail;
import dev.bearer.core.test.MutableClock;
import dev.bearer.core.test.SwitchableDataSource;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.spring.TestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static dev.bearer.spring.test.BearerTestRequests.bearerKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The {@code bearer} endpoint and health indicator in a running application: the
 * endpoint's JSON over MockMvc with tokens of every state, and the health going DOWN
 * while the database is unreachable and the audit queue passes its threshold (10 of 20
 * rows), and UP after recovery.
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "management.endpoints.web.exposure.include=health,bearer", "bearer.audit.spool.enabled=false",
				"management.endpoint.health.show-details=always", "bearer.audit.queue-capacity=20",
				"bearer.audit.batch-size=5", "bearer.audit.max-retry-backoff=20ms",
				"bearer.audit.health.queue-threshold=0.5" })
@AutoConfigureMockMvc
class BearerActuatorTests {

	private static final String MARKER = "BearerActuatorTests";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private MockMvc mvc;

	@Autowired
	private TokenService tokens;

	@Autowired
	private JdbcAuditSink sink;

	@Autowired
	private MutableClock clock;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private ApplicationContext context;

	private AuditTrail trail;

	@BeforeEach
	void startFromAnEmptyAuditTrail() {
		this.trail = new AuditTrail(this.context);
		this.trail.clear();
	}

	@AfterEach
	void reconnect() {
		switchable().setReachable(true);
	}

	@Test
	void endpointCountsTokensOfEveryStateAndDescribesWriterCacheAndRateLimits() throws Exception {
		issue(TokenOwner.of("user", 1), "sk", TokenEnvironment.LIVE, null);
		issue(TokenOwner.of("user", 2), "sk", TokenEnvironment.LIVE, null);
		Instant now = this.clock.instant();
		issue(TokenOwner.of("user", 1), "sk", TokenEnvironment.TEST, now.plus(Duration.ofMinutes(30)));
		issue(TokenOwner.of("team", 7), "pk", TokenEnvironment.TEST, now.plus(Duration.ofHours(1)));
		this.tokens.revoke(issue(TokenOwner.of("team", 7), "rk", TokenEnvironment.LIVE, null).token().id(), "leaked");
		this.clock.advance(Duration.ofHours(1));

		bearer().andExpect(status().isOk())
			.andExpect(jsonPath("$.tokens.at").value(this.clock.instant().toString()))
			.andExpect(jsonPath("$.tokens.total").value(5))
			.andExpect(jsonPath("$.tokens.active").value(2))
			.andExpect(jsonPath("$.tokens.expired").value(2))
			.andExpect(jsonPath("$.tokens.revoked").value(1))
			.andExpect(jsonPath("$.audit.sink").value("jdbc"))
			.andExpect(jsonPath("$.audit.writer.running").value(true))
			.andExpect(jsonPath("$.audit.writer.queueDepth").value(0))
			.andExpect(jsonPath("$.audit.writer.queueCapacity").value(20))
			.andExpect(jsonPath("$.audit.writer.written").isNumber())
			.andExpect(jsonPath("$.audit.writer.dropped").value(0))
			.andExpect(jsonPath("$.audit.writer.unreachableFor").value("PT0S"))
			.andExpect(jsonPath("$.cache.enabled").value(true))
			.andExpect(jsonPath("$.rateLimit.backend").value("local"))
			.andExpect(jsonPath("$.rateLimit.enabled").value(true));
		assertThat(read("tokens", "byType"))
			.isEqualTo(Map.of("sk", Map.of("live", states(2, 0, 0), "test", states(0, 1, 0)), "pk",
					Map.of("test", states(0, 1, 0)), "rk", Map.of("live", states(0, 0, 1))));
	}

	@Test
	void endpointCountsCacheHitsAndMisses() throws Exception {
		CacheInvalidationChannel channel = this.context.getBean(CacheInvalidationChannel.class);
		long heard = channel.received();
		IssuedToken issued = issue(TokenOwner.of("user", 3), "sk", TokenEnvironment.TEST, null);
		// the node hears its own announcement of the new key and evicts it: counted
		// before
		await().atMost(TIMEOUT).until(() -> channel.received() > heard);
		Map<String, Object> before = cache();

		for (int request = 0; request < 3; request++) {
			this.mvc.perform(get("/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + issued.plaintext()))
				.andExpect(status().isOk());
		}

		Map<String, Object> after = cache();
		assertThat(difference(before, after, "misses")).as("the first request probes both hash algorithms")
			.isEqualTo(2);
		assertThat(difference(before, after, "hits")).as("the next two find the token at the first probe").isEqualTo(2);
		assertThat(((Number) after.get("size")).longValue()).isPositive();
	}

	@Test
	void healthIsDownWhileTheDatabaseIsUnreachableAndTheQueuePassesItsThresholdAndUpAfterRecovery() throws Exception {
		health().andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"))
			.andExpect(jsonPath("$.details.queueThreshold").value(10))
			.andExpect(jsonPath("$.details.queueCapacity").value(20));

		switchable().setReachable(false);
		this.sink.write(row());
		awaitUnreachable();
		for (int row = 0; row < 9; row++) {
			this.sink.write(row());
		}
		assertThat(this.sink.pending()).as("the writer retries the first row; the others wait").isEqualTo(9);
		health().andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"))
			.andExpect(jsonPath("$.details.queueDepth").value(9))
			.andExpect(jsonPath("$.details.unreachableFor").value(not("PT0S")));

		this.sink.write(row());
		health().andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.status").value("DOWN"))
			.andExpect(jsonPath("$.details.queueDepth").value(10))
			.andExpect(jsonPath("$.details.queueCapacity").value(20))
			.andExpect(jsonPath("$.details.unreachableFor").value(not("PT0S")))
			.andExpect(jsonPath("$.details.reason")
				.value("the database is unreachable and the audit queue is filling up"));

		switchable().setReachable(true);
		assertThat(this.sink.flush(AuditTrail.DRAIN_TIMEOUT)).isTrue();
		health().andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"))
			.andExpect(jsonPath("$.details.queueDepth").value(0))
			.andExpect(jsonPath("$.details.unreachableFor").value("PT0S"));
		assertThat(this.trail.markedBy(MARKER)).as("every queued row was written after recovery").hasSize(11);
	}

	@Test
	void healthIsDownWhileTheWriterIsStoppedAndTheApplicationRuns() throws Exception {
		this.sink.stop();
		try {
			health().andExpect(status().isServiceUnavailable())
				.andExpect(jsonPath("$.status").value("DOWN"))
				.andExpect(jsonPath("$.details.running").value(false))
				.andExpect(jsonPath("$.details.reason").value("the audit writer is not running"));
		}
		finally {
			this.sink.start();
		}
		health().andExpect(status().isOk()).andExpect(jsonPath("$.details.running").value(true));
	}

	private IssuedToken issue(TokenOwner owner, String type, TokenEnvironment environment, Instant expiresAt) {
		return this.tokens.issue(IssueTokenRequest.builder(owner, type + " " + environment.code())
			.type(type)
			.environment(environment)
			.expiresAt(expiresAt)
			.build());
	}

	private ResultActions bearer() throws Exception {
		return this.mvc.perform(get("/actuator/bearer").with(bearerKey()));
	}

	private ResultActions health() throws Exception {
		return this.mvc.perform(get("/actuator/health/bearer").with(bearerKey()));
	}

	private Map<String, Object> cache() throws Exception {
		return read("cache");
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> read(String... path) throws Exception {
		Map<String, Object> node = JSON.readValue(bearer().andReturn().getResponse().getContentAsString(), Map.class);
		for (String name : path) {
			node = (Map<String, Object>) node.get(name);
		}
		return node;
	}

	private static Map<String, Integer> states(int active, int expired, int revoked) {
		return Map.of("active", active, "expired", expired, "revoked", revoked);
	}

	private static long difference(Map<String, Object> before, Map<String, Object> after, String key) {
		return ((Number) after.get(key)).longValue() - ((Number) before.get(key)).longValue();
	}

	private AuditRecord row() {
		return new AuditRecord(null, AuditEvent.FAILED, "192.0.2.1", MARKER, Map.of(), this.clock.instant());
	}

	private void awaitUnreachable() throws InterruptedException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (!this.sink.status().unreachable() && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(this.sink.status().unreachable()).as("the writer found the database unreachable").isTrue();
	}

	private SwitchableDataSource switchable() {
		try {
			return this.dataSource.unwrap(SwitchableDataSource.class);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
