package dev.bearer.spring.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.invalidation.CacheInvalidationChannel;
import dev.bearer.core.token.AuthenticationFailureReason;
import dev.bearer.core.event.TokenAuthenticated;
import dev.bearer.core.event.TokenAuthenticationFailed;
import dev.bearer.core.test.AuditTrail;
import dev.bearer.core.test.MutableClock;
import dev.bearer.core.test.StatementCounter;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.LastUsedRecorder;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenQuota;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.usage.AuditEntry;
import dev.bearer.spring.TestApplication;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every authentication outcome through the starter's default chain, with its audit row;
 * one subclass per database. Each test starts from drained audit sinks and empty tables,
 * and finds its rows by token or, for rows without a token, by the user-agent marker its
 * requests carry.
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "bearer.authentication.environments=test", "bearer.authentication.realm=orders",
				"bearer.authentication.trusted-proxies=192.0.2.10", "bearer.audit.last-used-resolution=0s",
				"bearer.quota.zone=Asia/Tokyo", "bearer.tokens.policies.rk.idle-expiry=7d" })
@AutoConfigureMockMvc
@RecordApplicationEvents
public abstract class BearerAuthenticationContractTests {

	private static final TokenOwner OWNER = TokenOwner.of("user", 42);

	@Autowired
	private MockMvc mvc;

	@Autowired
	private TokenService tokens;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private MutableClock clock;

	@Autowired
	private StatementCounter statements;

	@Autowired
	private LastUsedRecorder lastUsed;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private ApplicationEvents events;

	private AuditTrail trail;

	private String marker;

	@BeforeEach
	void startFromAnEmptyAuditTrail(TestInfo test) {
		this.trail = new AuditTrail(this.context);
		this.trail.clear();
		this.marker = test.getTestMethod().orElseThrow().getName() + "/" + UUID.randomUUID();
		this.clock.set(Instant.parse("2026-06-01T12:00:00Z"));
	}

	@Test
	void postWithoutAKeyGetsThe401ChallengeAndNoSession() throws Exception {
		this.mvc.perform(post("/orders"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"orders\""))
			.andExpect(header().doesNotExist(HttpHeaders.SET_COOKIE))
			.andExpect(result -> assertThat(result.getRequest().getSession(false)).isNull());
	}

	@Test
	void requestWithoutTokenGets401ChallengeWithoutErrorCode() throws Exception {
		this.mvc.perform(get("/orders"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"orders\""))
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.status").value(401))
			.andExpect(jsonPath("$.instance").value("/orders"));
	}

	@Test
	void validTokenAuthenticatesAndItsRowCarriesEndpointMethodStatusAndResponseTime() throws Exception {
		IssuedToken issued = issue(builder -> builder.abilities("orders:read"));
		double authenticatedBefore = authenticatedCount();

		this.mvc
			.perform(get("/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + issued.plaintext())
				.header(HttpHeaders.USER_AGENT, "orders-client/1.0"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.orders").value(3));

		AuditEntry row = usageRow(issued);
		assertThat(row.tokenId()).isEqualTo(issued.token().id());
		assertThat(row.ipAddress()).isEqualTo("127.0.0.1");
		assertThat(row.userAgent()).isEqualTo("orders-client/1.0");
		assertThat(row.createdAt()).isEqualTo(this.clock.instant());
		assertThat(row.metadata()).containsEntry("endpoint", "/orders")
			.containsEntry("method", "GET")
			.containsEntry("status", 200)
			.containsKey("response_time_ms");
		assertThat(this.events.stream(TokenAuthenticated.class)).singleElement().satisfies(event -> {
			assertThat(event.token().id()).isEqualTo(issued.token().id());
			assertThat(event.ipAddress()).isEqualTo("127.0.0.1");
			assertThat(event.userAgent()).isEqualTo("orders-client/1.0");
		});
		assertThat(authenticatedCount()).isEqualTo(authenticatedBefore + 1);
	}

	@Test
	void listenerOfTokenAuthenticatedAddsItsOwnMetadataToTheSameRow() throws Exception {
		IssuedToken issued = issue(builder -> builder.abilities("orders:read"));

		this.mvc.perform(authorized(get("/orders"), issued)).andExpect(status().isOk());

		assertThat(usageRow(issued).metadata()).containsEntry("tenant", "acme")
			.containsEntry("token_name", "client")
			.containsEntry("endpoint", "/orders");
	}

	@Test
	void principalExposesTheToken() throws Exception {
		IssuedToken issued = issue(builder -> builder.abilities("orders:read"));

		this.mvc.perform(authorized(get("/whoami"), issued))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.id").value(issued.token().id()))
			.andExpect(jsonPath("$.owner").value("user:42"))
			.andExpect(jsonPath("$.type").value("sk"))
			.andExpect(jsonPath("$.environment").value("test"))
			.andExpect(jsonPath("$.name").value("client"));
	}

	@Test
	void schemeIsCaseInsensitive() throws Exception {
		IssuedToken issued = issue(builder -> builder.abilities("orders:read"));

		this.mvc.perform(get("/orders").header(HttpHeaders.AUTHORIZATION, "bEaReR " + issued.plaintext()))
			.andExpect(status().isOk());
	}

	@Test
	void malformedTokenGets401InvalidTokenAndAFailedRowWithoutTokenId() throws Exception {
		String typo = issue(builder -> builder).plaintext().replaceFirst(".$", "!");

		expectInvalidToken(get("/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + typo));

		assertFailureRow("failed", AuthenticationFailureReason.MALFORMED, null);
	}

	@Test
	void unknownTokenGets401AndAFailedRowWithoutTokenId() throws Exception {
		IssuedToken issued = issue(builder -> builder);
		this.trail.clear();

		expectInvalidToken(authorized(get("/orders"), issued));

		assertFailureRow("failed", AuthenticationFailureReason.UNKNOWN, null);
	}

	@Test
	void revokedTokenGets401AndAFailedRowNamingTheToken() throws Exception {
		IssuedToken issued = issue(builder -> builder);
		this.tokens.revoke(issued.token().id(), "test");

		expectInvalidToken(authorized(get("/orders"), issued));

		assertFailureRow("failed", AuthenticationFailureReason.REVOKED, issued.token().id());
	}

	@Test
	void expiredTokenGets401AndAnExpiredRow() throws Exception {
		IssuedToken issued = issue(builder -> builder.expiresAt(this.clock.instant().plusSeconds(60)));
		this.clock.advance(Duration.ofMinutes(2));

		expectInvalidToken(authorized(get("/orders"), issued));

		assertFailureRow("expired", AuthenticationFailureReason.EXPIRED, issued.token().id());
	}

	@Test
	void keyUnusedLongerThanItsIdleExpiryGets401AndAnExpiredRowWithReasonIdle() throws Exception {
		IssuedToken issued = issue(builder -> builder.type("rk").abilities("orders:read"));
		this.clock.advance(Duration.ofDays(7));

		expectInvalidToken(authorized(get("/orders"), issued));

		assertFailureRow("expired", AuthenticationFailureReason.IDLE, issued.token().id());
	}

	@Test
	void keyUsedWithinItsIdleExpiryStaysActiveCountingFromItsLastUse() throws Exception {
		IssuedToken issued = issue(builder -> builder.type("rk").abilities("orders:read"));
		this.clock.advance(Duration.ofDays(6));
		this.mvc.perform(authorized(get("/orders"), issued)).andExpect(status().isOk());

		this.clock.advance(Duration.ofDays(6));
		this.mvc.perform(authorized(get("/orders"), issued)).andExpect(status().isOk());

		this.clock.advance(Duration.ofDays(7));
		expectInvalidToken(authorized(get("/orders"), issued));
		assertFailureRow("expired", AuthenticationFailureReason.IDLE, issued.token().id());
	}

	@Test
	void tokenOfAnEnvironmentThisApplicationRefusesGets401() throws Exception {
		IssuedToken live = issue(builder -> builder.environment(TokenEnvironment.LIVE));

		expectInvalidToken(authorized(get("/orders"), live));

		assertFailureRow("failed", AuthenticationFailureReason.ENVIRONMENT_NOT_ALLOWED, live.token().id());
	}

	@Test
	void requestFromOutsideTheIpAllowListGets401AndAnIpBlockedRow() throws Exception {
		IssuedToken issued = issue(builder -> builder.abilities("orders:read").allowedIps(List.of("10.0.0.0/8")));

		expectInvalidToken(authorized(get("/orders"), issued));
		assertFailureRow("ip_blocked", AuthenticationFailureReason.IP_BLOCKED, issued.token().id());

		this.mvc.perform(authorized(get("/orders"), issued).with(request -> {
			request.setRemoteAddr("10.20.30.40");
			return request;
		})).andExpect(status().isOk());
	}

	@Test
	void clientIpComesFromXForwardedForOnlyThroughATrustedProxy() throws Exception {
		IssuedToken issued = issue(builder -> builder.abilities("orders:read").allowedIps(List.of("10.0.0.0/8")));

		this.mvc.perform(authorized(get("/orders"), issued).header("X-Forwarded-For", "10.1.1.1").with(request -> {
			request.setRemoteAddr("192.0.2.10");
			return request;
		})).andExpect(status().isOk());
		expectInvalidToken(authorized(get("/orders"), issued).header("X-Forwarded-For", "10.1.1.1"));
	}

	@Test
	void browserRequestFromOutsideTheDomainAllowListGets401AndADomainBlockedRow() throws Exception {
		IssuedToken issued = issue(
				builder -> builder.type("pk").abilities("orders:read").allowedDomains(List.of("*.example.com")));

		expectInvalidToken(authorized(get("/orders"), issued).header("Origin", "https://evil.example.net"));
		assertFailureRow("domain_blocked", AuthenticationFailureReason.DOMAIN_BLOCKED, issued.token().id());

		this.mvc.perform(authorized(get("/orders"), issued).header("Origin", "https://shop.example.com"))
			.andExpect(status().isOk());
		this.mvc.perform(authorized(get("/orders"), issued).header("Referer", "https://shop.example.com/cart"))
			.andExpect(status().isOk());
		expectInvalidToken(authorized(get("/orders"), issued));
	}

	@Test
	void serverSideOnlyTokenFromABrowserGets401() throws Exception {
		IssuedToken secret = issue(builder -> builder.abilities("orders:read"));

		expectInvalidToken(authorized(get("/orders"), secret).header("Origin", "https://app.example.com"));

		assertFailureRow("domain_blocked", AuthenticationFailureReason.BROWSER_NOT_ALLOWED, secret.token().id());
	}

	@Test
	void tokenOverItsRateLimitGets429WithRetryAfterUntilTheMinuteRefills() throws Exception {
		IssuedToken issued = issue(builder -> builder.abilities("orders:read").rateLimitPerMinute(2));
		this.mvc.perform(authorized(get("/orders"), issued)).andExpect(status().isOk());
		this.mvc.perform(authorized(get("/orders"), issued)).andExpect(status().isOk());

		this.mvc.perform(authorized(get("/orders"), issued))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string(HttpHeaders.RETRY_AFTER, "30"))
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.status").value(429));
		assertFailureRow("rate_limited", AuthenticationFailureReason.RATE_LIMITED, issued.token().id());
		assertThat(this.trail.ofToken(issued.token().id(), AuditEvent.RATE_LIMITED).get(0).metadata())
			.containsEntry("limit", "rate");

		this.clock.advance(Duration.ofSeconds(30));
		this.mvc.perform(authorized(get("/orders"), issued)).andExpect(status().isOk());
	}

	@Test
	void tokenOverItsDailyQuotaGets429OfItsOwnTypeUntilMidnightInTheQuotaZone() throws Exception {
		// 12:00 UTC is 21:00 in Tokyo: the quota's day ends at 15:00 UTC, three hours on
		IssuedToken issued = issue(builder -> builder.abilities("orders:read").quota(TokenQuota.perDay(2)));
		this.mvc.perform(authorized(get("/orders"), issued))
			.andExpect(status().isOk())
			.andExpect(header().string("RateLimit-Policy", "\"daily\";q=2;w=86400"))
			.andExpect(header().string("RateLimit", "\"daily\";r=1;t=10800"));
		this.mvc.perform(authorized(get("/orders"), issued)).andExpect(status().isOk());

		this.mvc.perform(authorized(get("/orders"), issued))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string(HttpHeaders.RETRY_AFTER, "10800"))
			.andExpect(header().string("RateLimit", "\"daily\";r=0;t=10800"))
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.type").value(BearerKeyError.QUOTA_EXHAUSTED.toString()))
			.andExpect(jsonPath("$.status").value(429));
		assertQuotaRow(issued, "day");

		this.clock.advance(Duration.ofHours(3).minusSeconds(1));
		this.mvc.perform(authorized(get("/orders"), issued))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string(HttpHeaders.RETRY_AFTER, "1"));
		this.clock.advance(Duration.ofSeconds(1));
		this.mvc.perform(authorized(get("/orders"), issued))
			.andExpect(status().isOk())
			.andExpect(header().string("RateLimit", "\"daily\";r=1;t=86400"));
	}

	@Test
	void monthlyQuotaStartsAgainWhenTheMonthBeginsInTheQuotaZone() throws Exception {
		// the last second of June in Tokyo, while in UTC June has nine hours to go
		this.clock.set(Instant.parse("2026-06-30T14:59:59Z"));
		IssuedToken issued = issue(builder -> builder.abilities("orders:read").quota(TokenQuota.perMonth(1)));
		this.mvc.perform(authorized(get("/orders"), issued))
			.andExpect(status().isOk())
			.andExpect(header().string("RateLimit-Policy", "\"monthly\";q=1;w=" + 30 * 86400));
		this.mvc.perform(authorized(get("/orders"), issued))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string(HttpHeaders.RETRY_AFTER, "1"));

		this.clock.advance(Duration.ofSeconds(1));

		this.mvc.perform(authorized(get("/orders"), issued))
			.andExpect(status().isOk())
			.andExpect(header().string("RateLimit-Policy", "\"monthly\";q=1;w=" + 31 * 86400));
	}

	@Test
	void rateLimitAndQuotaAreAnnouncedAsTwoPolicies() throws Exception {
		IssuedToken issued = issue(
				builder -> builder.abilities("orders:read").rateLimitPerMinute(10).quota(TokenQuota.perDay(100)));

		this.mvc.perform(authorized(get("/orders"), issued))
			.andExpect(status().isOk())
			.andExpect(header().string("RateLimit-Policy", "\"per-minute\";q=10;w=60, \"daily\";q=100;w=86400"))
			.andExpect(header().string("RateLimit", "\"per-minute\";r=9;t=6, \"daily\";r=99;t=10800"));
	}

	@Test
	void principalShowsTheCreditsLeftAndExhaustedCreditsGet429WithoutRetryAfterUntilRefilled() throws Exception {
		IssuedToken issued = issue(builder -> builder.abilities("orders:read").quota(TokenQuota.credits(2)));
		this.mvc.perform(authorized(get("/whoami"), issued))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.quotaRemaining").value(1));
		this.mvc.perform(authorized(get("/whoami"), issued))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.quotaRemaining").value(0));

		this.mvc.perform(authorized(get("/orders"), issued))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().doesNotExist(HttpHeaders.RETRY_AFTER))
			.andExpect(header().doesNotExist("RateLimit"))
			.andExpect(jsonPath("$.type").value(BearerKeyError.QUOTA_EXHAUSTED.toString()));
		assertQuotaRow(issued, "credits");

		this.tokens.refillCredits(issued.token().id(), 3);
		this.mvc.perform(authorized(get("/whoami"), issued))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.quotaRemaining").value(2));
	}

	@Test
	void quotaSetAfterIssueAppliesAtOnceThroughTheLookupCache() throws Exception {
		IssuedToken issued = issue(builder -> builder.abilities("orders:read"));
		this.mvc.perform(authorized(get("/orders"), issued)).andExpect(status().isOk());

		this.tokens.setQuota(issued.token().id(), TokenQuota.credits(1));

		this.mvc.perform(authorized(get("/orders"), issued)).andExpect(status().isOk());
		this.mvc.perform(authorized(get("/orders"), issued)).andExpect(status().isTooManyRequests());
	}

	@Test
	void missingAbilityGets403InsufficientScopeAndTheRowRecordsIt() throws Exception {
		IssuedToken reader = issue(builder -> builder.abilities("orders:read"));

		this.mvc.perform(authorized(post("/orders"), reader))
			.andExpect(status().isForbidden())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("error=\"insufficient_scope\"")))
			.andExpect(content().contentType("application/problem+json"));

		assertThat(usageRow(reader).metadata()).containsEntry("status", 403).containsEntry("method", "POST");
	}

	@Test
	void wildcardAbilityPassesAbilityChecks() throws Exception {
		IssuedToken admin = issue(builder -> builder.abilities("*"));

		this.mvc.perform(authorized(post("/orders"), admin)).andExpect(status().isCreated());
	}

	@Test
	void twoCredentialsInOneRequestGet400InvalidRequest() throws Exception {
		IssuedToken issued = issue(builder -> builder);

		this.mvc
			.perform(get("/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + issued.plaintext())
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + issued.plaintext())
				.with(marked()))
			.andExpect(status().isBadRequest())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("error=\"invalid_request\"")));

		assertFailureRow("failed", AuthenticationFailureReason.INVALID_REQUEST, null);
	}

	@Test
	void basicCredentialsBesideABearerKeyGet400InvalidRequestAndAFailedRow() throws Exception {
		IssuedToken issued = issue(builder -> builder.abilities("orders:read"));

		this.mvc
			.perform(get("/orders").header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNzd29yZA==")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + issued.plaintext())
				.with(marked()))
			.andExpect(status().isBadRequest())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("error=\"invalid_request\"")))
			.andExpect(content().string(not(containsString(issued.plaintext()))));

		assertFailureRow("failed", AuthenticationFailureReason.INVALID_REQUEST, null);
		assertThat(this.trail.ofToken(issued.token().id(), AuditEvent.AUTHENTICATED)).isEmpty();
	}

	@Test
	void overlongEndpointIsTruncatedInTheFailureRow() throws Exception {
		String path = "/" + "p".repeat(3000);

		expectInvalidToken(get(path).header(HttpHeaders.AUTHORIZATION, "Bearer sk_test_nope"));

		assertThat(this.trail.markedBy(this.marker, AuditEvent.FAILED)).singleElement()
			.satisfies(row -> assertThat((String) row.metadata().get("endpoint")).hasSize(1024));
	}

	@Test
	void overlongAuthorizationHeaderGets400() throws Exception {
		this.mvc.perform(get("/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + "a".repeat(2000)))
			.andExpect(status().isBadRequest());
	}

	@Test
	void revokedExpiredAndUnknownTokensGetIdenticalAnswersThatNeverEchoTheToken() throws Exception {
		IssuedToken revoked = issue(builder -> builder);
		this.tokens.revoke(revoked.token().id(), null);
		IssuedToken expired = issue(builder -> builder.expiresAt(this.clock.instant().plusSeconds(1)));
		this.clock.advance(Duration.ofSeconds(1));
		IssuedToken unknown = issue(builder -> builder);
		this.jdbc.update("delete from bearer_token_audit_logs where token_id = ?", unknown.token().id());
		this.jdbc.update("delete from bearer_tokens where id = ?", unknown.token().id());

		List<String> answers = new ArrayList<>();
		for (IssuedToken token : List.of(revoked, expired, unknown)) {
			MvcResult result = this.mvc.perform(authorized(get("/orders"), token))
				.andExpect(status().isUnauthorized())
				.andReturn();
			String body = result.getResponse().getContentAsString();
			assertThat(body).doesNotContain(token.plaintext());
			answers.add(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE) + body);
		}
		assertThat(answers).containsOnly(answers.get(0));
	}

	@Test
	void exceptionInTheApplicationIsRecordedAsStatus500() throws Exception {
		IssuedToken issued = issue(builder -> builder);

		assertThatThrownBy(() -> this.mvc.perform(authorized(get("/boom"), issued))).hasRootCauseMessage("boom");

		assertThat(usageRow(issued).metadata()).containsEntry("status", 500);
	}

	@Test
	void cacheHitAuthenticationIssuesNoSqlStatementOnTheRequestThread() throws Exception {
		CacheInvalidationChannel channel = this.context.getBean(CacheInvalidationChannel.class);
		long heard = channel.received();
		IssuedToken issued = issue(builder -> builder.abilities("orders:read"));
		// the node hears its own announcement of the new key and evicts it: heard before
		await().atMost(Duration.ofSeconds(10)).until(() -> channel.received() > heard);
		this.mvc.perform(authorized(get("/orders"), issued)).andExpect(status().isOk());
		long before = this.statements.countOnThisThread();

		this.mvc.perform(authorized(get("/orders"), issued)).andExpect(status().isOk());

		assertThat(this.statements.countOnThisThread()).isEqualTo(before);
	}

	@Test
	void successfulAuthenticationKeepsLastUsedAt() throws Exception {
		IssuedToken issued = issue(builder -> builder.abilities("orders:read"));

		this.mvc.perform(authorized(get("/orders"), issued)).andExpect(status().isOk());
		this.lastUsed.flush();

		assertThat(this.tokens.find(issued.token().id()).orElseThrow().lastUsedAt()).isEqualTo(this.clock.instant());
	}

	private double authenticatedCount() {
		return this.meters
			.counter(BearerAuthenticationMetrics.AUTHENTICATIONS, "outcome", "authenticated", "type", "sk",
					"environment", "test")
			.count();
	}

	private IssuedToken issue(UnaryOperator<IssueTokenRequest.Builder> customizer) {
		return this.tokens.issue(customizer.apply(IssueTokenRequest.builder(OWNER, "client")).build());
	}

	private MockHttpServletRequestBuilder authorized(MockHttpServletRequestBuilder request, IssuedToken token) {
		return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token.plaintext()).with(marked());
	}

	/**
	 * Gives a request without its own user agent this test's marker, so rows without a
	 * token can be told apart.
	 */
	private RequestPostProcessor marked() {
		return request -> {
			if (request.getHeader(HttpHeaders.USER_AGENT) == null) {
				request.addHeader(HttpHeaders.USER_AGENT, this.marker);
			}
			return request;
		};
	}

	private void expectInvalidToken(MockHttpServletRequestBuilder request) throws Exception {
		this.mvc.perform(request.with(marked()))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					containsString("Bearer realm=\"orders\", error=\"invalid_token\"")))
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.status").value(401));
	}

	private void assertFailureRow(String event, AuthenticationFailureReason reason, Long tokenId) {
		AuditEvent expected = AuditEvent.fromCode(event);
		List<AuditEntry> rows = (tokenId != null) ? this.trail.ofToken(tokenId, expected)
				: this.trail.markedBy(this.marker, expected);
		assertThat(rows).as("exactly one '" + event + "' row of this test").hasSize(1);
		AuditEntry row = rows.get(0);
		assertThat(row.tokenId()).isEqualTo(tokenId);
		assertThat(row.createdAt()).isEqualTo(this.clock.instant());
		assertThat(row.metadata()).containsEntry("reason", reason.code())
			.containsEntry("endpoint", "/orders")
			.containsEntry("method", "GET");
		assertThat(row.ipAddress()).isNotBlank();
		assertThat(this.events.stream(TokenAuthenticationFailed.class)).filteredOn(failed -> failed.reason() == reason)
			.singleElement()
			.satisfies(failed -> assertThat(failed.tokenId()).isEqualTo(tokenId));
	}

	/**
	 * Asserts the one {@code rate_limited} row of {@code token}'s exhausted quota, which
	 * says {@code "limit":"quota"} and the quota's period.
	 */
	private void assertQuotaRow(IssuedToken token, String period) {
		assertFailureRow("rate_limited", AuthenticationFailureReason.QUOTA_EXHAUSTED, token.token().id());
		assertThat(this.trail.ofToken(token.token().id(), AuditEvent.RATE_LIMITED).get(0).metadata())
			.containsEntry("limit", "quota")
			.containsEntry("period", period);
	}

	/**
	 * The one usage row of {@code token}, once the audit sink has written what it
	 * accepted.
	 */
	private AuditEntry usageRow(IssuedToken token) {
		List<AuditEntry> rows = this.trail.ofToken(token.token().id(), AuditEvent.AUTHENTICATED);
		assertThat(rows).as("exactly one authenticated row of token " + token.token().id()).hasSize(1);
		return rows.get(0);
	}

}
