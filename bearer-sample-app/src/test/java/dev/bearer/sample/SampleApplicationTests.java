package dev.bearer.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.audit.UsageRollups;
import dev.bearer.core.test.AuditTrail;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.usage.AuditEntry;
import dev.bearer.core.usage.UsageQueryService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample as a client sees it: a real server on a random port. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	private SampleClient client;

	@Autowired
	private DemoTokens demo;

	@Autowired
	private DemoTrafficRows demoRows;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private TokenService tokens;

	@BeforeEach
	void connect() {
		this.client = new SampleClient(this.port);
	}

	@Test
	void demoTokenReadsOrdersAndNoTokenGets401Challenge() throws Exception {
		HttpResponse<String> withToken = this.client.send("GET", "/api/orders", this.demo.admin().plaintext(), null);
		HttpResponse<String> without = this.client.send("GET", "/api/orders", null, null);

		assertThat(withToken.statusCode()).isEqualTo(200);
		assertThat(SampleClient.json(withToken.body()).get("orders").size()).isEqualTo(2);
		assertThat(without.statusCode()).isEqualTo(401);
		assertThat(without.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"bearer-sample\"");
	}

	@Test
	void abilitiesGuardTheOrderEndpoints() throws Exception {
		assertThat(this.client.send("POST", "/api/orders", this.demo.checkout().plaintext(), "{}").statusCode())
			.isEqualTo(201);
		assertThat(this.client.send("POST", "/api/orders", this.demo.admin().plaintext(), "{}").statusCode())
			.isEqualTo(201);
		assertThat(this.client.send("GET", "/api/orders", this.demo.retired().plaintext(), null).statusCode())
			.isEqualTo(401);
		String reader = this.tokens.issue(
				IssueTokenRequest.builder(TokenOwner.of("user", "reader"), "reader").abilities("orders:read").build())
			.plaintext();
		HttpResponse<String> readOnly = this.client.send("POST", "/api/orders", reader, "{}");
		assertThat(readOnly.statusCode()).isEqualTo(403);
		assertThat(readOnly.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("insufficient_scope");
	}

	@Test
	void adminIssuesListsRotatesAndRevokesTokensOverHttp() throws Exception {
		String admin = this.demo.admin().plaintext();
		HttpResponse<String> issued = this.client.send("POST", "/api/admin/tokens", admin, """
				{"ownerType": "user", "ownerId": "carol", "name": "Carol's reader", "type": "rk",
				 "abilities": ["orders:read"]}""");
		assertThat(issued.statusCode()).isEqualTo(201);
		JsonNode body = SampleClient.json(issued.body());
		String plaintext = body.get("plaintext").asString();
		long id = body.get("token").get("id").asLong();
		assertThat(plaintext).startsWith("rk_test_");
		assertThat(this.client.send("GET", "/api/orders", plaintext, null).statusCode()).isEqualTo(200);

		HttpResponse<String> listed = this.client.send("GET", "/api/admin/tokens?ownerType=user&ownerId=carol", admin,
				null);
		assertThat(listed.body()).contains("Carol's reader").doesNotContain(plaintext);

		HttpResponse<String> rotated = this.client.send("POST", "/api/admin/tokens/" + id + "/rotate", admin, null);
		String replacement = SampleClient.json(rotated.body()).get("plaintext").asString();
		assertThat(this.client.send("GET", "/api/orders", plaintext, null).statusCode()).isEqualTo(401);
		assertThat(this.client.send("GET", "/api/orders", replacement, null).statusCode()).isEqualTo(200);

		long replacementId = SampleClient.json(rotated.body()).get("token").get("id").asLong();
		assertThat(this.client.send("DELETE", "/api/admin/tokens/" + replacementId, admin, null).statusCode())
			.isEqualTo(200);
		assertThat(this.client.send("GET", "/api/orders", replacement, null).statusCode()).isEqualTo(401);
	}

	@Test
	void adminSetsAndRefillsQuotasAndTheUsageApiShowsWhatIsLeft() throws Exception {
		String admin = this.demo.admin().plaintext();
		HttpResponse<String> issued = this.client.send("POST", "/api/admin/tokens", admin, """
				{"ownerType": "user", "ownerId": "dave", "name": "Prepaid reader", "abilities": ["orders:read"],
				 "quota": {"period": "credits", "limit": 1}}""");
		assertThat(issued.statusCode()).isEqualTo(201);
		String plaintext = SampleClient.json(issued.body()).get("plaintext").asString();
		long id = SampleClient.json(issued.body()).get("token").get("id").asLong();
		assertThat(this.client.send("GET", "/api/orders", plaintext, null).statusCode()).isEqualTo(200);

		HttpResponse<String> exhausted = this.client.send("GET", "/api/orders", plaintext, null);
		assertThat(exhausted.statusCode()).isEqualTo(429);
		assertThat(SampleClient.json(exhausted.body()).get("type").asString())
			.isEqualTo("tag:bearer.dev,2026:quota-exhausted");
		JsonNode none = SampleClient
			.json(this.client.send("GET", "/api/usage/tokens/" + id + "/quota", admin, null).body());
		assertThat(none.get("quota").get("period").asString()).isEqualTo("credits");
		assertThat(none.get("remaining").asLong()).isZero();

		HttpResponse<String> refilled = this.client.send("POST", "/api/admin/tokens/" + id + "/quota/refill?amount=2",
				admin, null);
		assertThat(SampleClient.json(refilled.body()).get("remaining").asLong()).isEqualTo(2);
		assertThat(this.client.send("GET", "/api/orders", plaintext, null).statusCode()).isEqualTo(200);
		assertThat(SampleClient.json(this.client.send("GET", "/api/usage/tokens/" + id + "/quota", admin, null).body())
			.get("remaining")
			.asLong()).isEqualTo(1);

		HttpResponse<String> daily = this.client.send("PUT", "/api/admin/tokens/" + id + "/quota", admin, """
				{"period": "day", "limit": 5}""");
		assertThat(SampleClient.json(daily.body()).get("quota").get("period").asString()).isEqualTo("day");
		assertThat(this.client.send("GET", "/api/orders", plaintext, null).statusCode()).isEqualTo(200);
		JsonNode left = SampleClient
			.json(this.client.send("GET", "/api/usage/tokens/" + id + "/quota", admin, null).body());
		assertThat(left.get("remaining").asLong()).isEqualTo(4);
		assertThat(left.get("resetsInSeconds").asLong()).isBetween(1L, 86_400L);
	}

	@Test
	void badQuotaOrRefillGets400NamingTheField() throws Exception {
		String admin = this.demo.admin().plaintext();
		long id = this.demo.mobile().token().id();

		HttpResponse<String> badPeriod = this.client.send("PUT", "/api/admin/tokens/" + id + "/quota", admin, """
				{"period": "week", "limit": 5}""");
		HttpResponse<String> badAmount = this.client.send("POST", "/api/admin/tokens/" + id + "/quota/refill?amount=0",
				admin, null);

		assertThat(badPeriod.statusCode()).isEqualTo(400);
		assertThat(badPeriod.body()).contains("quota");
		assertThat(badAmount.statusCode()).isEqualTo(400);
		assertThat(badAmount.body()).contains("amount");
		assertThat(this.tokens.find(id).orElseThrow().quota()).isNull();
	}

	@Test
	void adminDerivesKeysAndRevokesAndRotatesGroupsOverHttp() throws Exception {
		String admin = this.demo.admin().plaintext();
		long groupId = created(this.client.send("POST", "/api/admin/token-groups", admin, """
				{"ownerType": "user", "ownerId": "dave", "name": "Dave's shop"}""")).get("id").asLong();
		JsonNode secret = issueInGroup(groupId, "sk", "test");
		JsonNode live = issueInGroup(groupId, "sk", "live");
		JsonNode publishable = issueInGroup(groupId, "pk", "test");
		JsonNode child = created(this.client.send("POST",
				"/api/admin/tokens/" + secret.get("token").get("id").asLong() + "/derive", admin, """
						{"name": "Dave's reader", "abilities": ["orders:read"]}"""));
		assertThat(child.get("token").get("parentId").asLong()).isEqualTo(secret.get("token").get("id").asLong());
		assertThat(this.client.send("GET", "/api/orders", plaintext(child), null).statusCode()).isEqualTo(200);
		HttpResponse<String> wider = this.client.send("POST",
				"/api/admin/tokens/" + child.get("token").get("id").asLong() + "/derive", admin, """
						{"name": "wider", "abilities": ["orders:write"]}""");
		assertThat(wider.statusCode()).isEqualTo(400);
		assertThat(wider.body()).contains("abilities");

		HttpResponse<String> partial = this.client.send("POST", "/api/admin/token-groups/" + groupId + "/revocations",
				admin, """
						{"strategy": "partial", "types": ["pk"], "reason": "widget retired"}""");
		assertThat(partial.statusCode()).isEqualTo(200);
		assertThat(this.client.send("GET", "/api/orders", plaintext(publishable), null).statusCode()).isEqualTo(401);
		assertThat(this.client.send("GET", "/api/orders", plaintext(secret), null).statusCode()).isEqualTo(200);

		HttpResponse<String> timed = this.client.send("POST", "/api/admin/token-groups/" + groupId + "/revocations",
				admin, """
						{"strategy": "timed", "revokeAt": "2999-01-01T00:00:00Z"}""");
		long timedId = SampleClient.json(timed.body()).get("scheduled").get("id").asLong();
		assertThat(this.client.getJson("/api/admin/token-groups/" + groupId + "/timed-revocations", admin)
			.get(0)
			.get("state")
			.asString()).isEqualTo("PENDING");
		HttpResponse<String> cancelled = this.client.send("DELETE",
				"/api/admin/token-groups/" + groupId + "/timed-revocations/" + timedId, admin, null);
		assertThat(SampleClient.json(cancelled.body()).get("state").asString()).isEqualTo("CANCELLED");

		HttpResponse<String> rotated = this.client.send("POST",
				"/api/admin/token-groups/" + groupId + "/rotate?graceSeconds=3600", admin, null);
		JsonNode replacements = SampleClient.json(rotated.body());
		assertThat(replacements).hasSize(2);
		assertThat(this.client.send("GET", "/api/orders", plaintext(secret), null).statusCode()).isEqualTo(200);

		HttpResponse<String> cascade = this.client.send("POST", "/api/admin/token-groups/" + groupId + "/revocations",
				admin, """
						{"strategy": "cascade", "reason": "shop closed"}""");
		assertThat(cascade.statusCode()).isEqualTo(200);
		for (JsonNode key : List.of(secret, live, child, replacements.get(0), replacements.get(1))) {
			assertThat(this.client.send("GET", "/api/orders", plaintext(key), null).statusCode()).isEqualTo(401);
		}
		HttpResponse<String> unknownStrategy = this.client.send("POST",
				"/api/admin/token-groups/" + groupId + "/revocations", admin, """
						{"strategy": "everything"}""");
		assertThat(unknownStrategy.statusCode()).isEqualTo(400);
		assertThat(unknownStrategy.body()).contains("strategy");
	}

	private JsonNode issueInGroup(long groupId, String type, String environment) throws Exception {
		return created(this.client.send("POST", "/api/admin/tokens", this.demo.admin().plaintext(),
				"{\"ownerType\": \"user\", \"ownerId\": \"dave\", \"name\": \"" + type + " " + environment
						+ "\", \"type\": \"" + type + "\", \"environment\": \"" + environment
						+ "\", \"abilities\": [\"orders:read\"], \"groupId\": " + groupId + "}"));
	}

	private static JsonNode created(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return SampleClient.json(response.body());
	}

	private static String plaintext(JsonNode issued) {
		return issued.get("plaintext").asString();
	}

	@Test
	void adminRebuildsTheUsageRollupsOfATokenAnOwnerOrARangeOverHttp() throws Exception {
		String admin = this.demo.admin().plaintext();
		String owner = "rollups-" + UUID.randomUUID();
		long id = this.tokens.issue(IssueTokenRequest.builder(new TokenOwner("user", owner), "restored").build())
			.token()
			.id();
		JdbcTemplate jdbc = this.context.getBean(JdbcTemplate.class);
		for (int minute = 0; minute < 3; minute++) {
			jdbc.update(
					"insert into bearer_token_audit_logs (token_id, event, ip_address, user_agent, created_at) "
							+ "values (?, 'authenticated', '192.0.2.7', 'restored', ?)",
					id, OffsetDateTime.parse("2020-01-01T10:00:00Z").plusMinutes(minute));
		}
		this.context.getBean(UsageRollups.class).catchUp();
		UsageQueryService usage = this.context.getBean(UsageQueryService.class);
		assertThat(usage.authenticationCount(id)).isEqualTo(3);
		for (String table : List.of("buckets", "hours", "ips", "totals", "ip_totals")) {
			jdbc.update("delete from bearer_audit_rollup_" + table + " where token_id = ?", id);
		}
		assertThat(usage.authenticationCount(id)).as("rollups lost, rows behind the mark").isZero();

		HttpResponse<String> token = this.client.send("POST", "/api/admin/usage/rollups/rebuild?tokenId=" + id, admin,
				null);
		assertThat(token.statusCode()).isEqualTo(200);
		assertThat(SampleClient.json(token.body()).get("counted").asLong()).isEqualTo(3);
		assertThat(usage.authenticationCount(id)).isEqualTo(3);
		HttpResponse<String> byOwner = this.client.send("POST",
				"/api/admin/usage/rollups/rebuild?ownerType=user&ownerId=" + owner, admin, null);
		assertThat(SampleClient.json(byOwner.body()).get("counted").asLong()).isEqualTo(3);
		HttpResponse<String> range = this.client.send("POST",
				"/api/admin/usage/rollups/rebuild?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z", admin, null);
		assertThat(SampleClient.json(range.body()).get("counted").asLong()).isEqualTo(3);
		assertThat(usage.authenticationCount(id)).isEqualTo(3);
		assertThat(usage.hourlyDistribution(id, ZoneOffset.UTC).get(10).count()).isEqualTo(3);
	}

	@Test
	void rollupRebuildRefusesAMissingOrDoubleScopeAnUnknownTokenAndTokensWithoutTheAdminAbility() throws Exception {
		String admin = this.demo.admin().plaintext();
		String path = "/api/admin/usage/rollups/rebuild";

		HttpResponse<String> none = this.client.send("POST", path, admin, null);
		assertThat(none.statusCode()).isEqualTo(400);
		assertThat(none.body()).contains("scope");
		HttpResponse<String> both = this.client.send("POST", path + "?tokenId=1&from=2020-01-01T00:00:00Z", admin,
				null);
		assertThat(both.statusCode()).isEqualTo(400);
		HttpResponse<String> halfOwner = this.client.send("POST", path + "?ownerType=user", admin, null);
		assertThat(halfOwner.statusCode()).isEqualTo(400);
		assertThat(halfOwner.body()).contains("ownerId");
		HttpResponse<String> halfRange = this.client.send("POST", path + "?from=2020-01-01T00:00:00Z", admin, null);
		assertThat(halfRange.statusCode()).isEqualTo(400);
		assertThat(halfRange.body()).contains("to must be given");
		HttpResponse<String> backwards = this.client.send("POST",
				path + "?from=2020-01-02T00:00:00Z&to=2020-01-01T00:00:00Z", admin, null);
		assertThat(backwards.statusCode()).isEqualTo(400);
		assertThat(backwards.body()).contains("from must be before to");
		assertThat(this.client.send("POST", path + "?tokenId=987654", admin, null).statusCode()).isEqualTo(404);
		assertThat(this.client.send("POST", path + "?all=true", this.demo.dashboard().plaintext(), null).statusCode())
			.isEqualTo(403);
	}

	@Test
	void adminEndpointsRefuseTokensWithoutTheAdminAbility() throws Exception {
		assertThat(this.client
			.send("GET", "/api/admin/tokens?ownerType=user&ownerId=demo", this.demo.checkout().plaintext(), null)
			.statusCode()).isEqualTo(403);
		assertThat(this.client
			.send("GET", "/api/admin/tokens?ownerType=user&ownerId=demo", this.demo.dashboard().plaintext(), null)
			.statusCode()).isEqualTo(403);
	}

	@Test
	void unknownTokenIs404AndRotatingARevokedTokenIs409() throws Exception {
		String admin = this.demo.admin().plaintext();

		assertThat(this.client.send("DELETE", "/api/admin/tokens/987654", admin, null).statusCode()).isEqualTo(404);
		HttpResponse<String> conflict = this.client.send("POST",
				"/api/admin/tokens/" + this.demo.retired().token().id() + "/rotate", admin, null);
		assertThat(conflict.statusCode()).isEqualTo(409);
		assertThat(conflict.body()).contains("revoked");
	}

	@Test
	void issueBeyondThePolicysMaximumLifetimeGets400NamingExpiresAt() throws Exception {
		String admin = this.demo.admin().plaintext();
		HttpResponse<String> refused = this.client.send("POST", "/api/admin/tokens", admin, """
				{"ownerType": "user", "ownerId": "frank", "name": "too long", "type": "pk",
				 "expiresAt": "%s"}""".formatted(Instant.now().plus(Duration.ofDays(91))));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("expiresAt");
		assertThat(this.client.getJson("/api/admin/tokens?ownerType=user&ownerId=frank", admin)).isEmpty();
	}

	@Test
	void aScanWarnsOnceOfAKeyNearItsExpiryOnTheAdminAndDashboardApis() throws Exception {
		String admin = this.demo.admin().plaintext();
		long id = created(this.client.send("POST", "/api/admin/tokens", admin, """
				{"ownerType": "user", "ownerId": "erin", "name": "Partner trial", "type": "rk",
				 "expiresAt": "%s"}""".formatted(Instant.now().plus(Duration.ofDays(2))))).get("token")
			.get("id")
			.asLong();

		HttpResponse<String> scanned = this.client.send("POST", "/api/admin/tokens/warnings/scan", admin, null);
		assertThat(scanned.statusCode()).isEqualTo(200);
		assertThat(SampleClient.json(scanned.body()).get("published").asInt()).isPositive();
		assertThat(this.client.send("POST", "/api/admin/tokens/warnings/scan", admin, null).statusCode())
			.isEqualTo(200);

		List<JsonNode> warned = new ArrayList<>();
		this.client.getJson("/api/admin/tokens/warnings", admin).forEach(warning -> {
			if (warning.get("tokenId").asLong() == id) {
				warned.add(warning);
			}
		});
		assertThat(warned).singleElement().satisfies(warning -> {
			assertThat(warning.get("kind").asString()).isEqualTo("expiring_soon");
			assertThat(warning.get("cause").asString()).isEqualTo("expiry");
			assertThat(warning.get("threshold").asString()).isEqualTo("PT72H");
		});
		String dashboard = this.demo.dashboard().plaintext();
		JsonNode ownersWarnings = this.client.getJson("/api/usage/owners/user/erin/warnings", dashboard);
		assertThat(ownersWarnings).hasSize(1);
		assertThat(ownersWarnings.get(0).get("name").asString()).isEqualTo("Partner trial");
		assertThat(this.client.send("GET", "/api/admin/tokens/warnings", dashboard, null).statusCode()).isEqualTo(403);
	}

	@Test
	void badIssueRequestGets400NamingTheField() throws Exception {
		HttpResponse<String> refused = this.client.send("POST", "/api/admin/tokens", this.demo.admin().plaintext(), """
				{"ownerType": "user", "ownerId": "carol", "name": "bad", "allowedIps": ["10.0.0.0/33"]}""");

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("allowedIps");
	}

	@Test
	void demoTrafficFillsEveryUsageQuery() throws Exception {
		String dashboard = this.demo.dashboard().plaintext();
		long before = this.demoRows.written();
		HttpResponse<String> generated = this.client.send("POST", "/api/demo/traffic", dashboard, null);
		assertThat(generated.statusCode()).isEqualTo(200);
		JsonNode run = SampleClient.json(generated.body());
		this.demoRows.awaitWritten(before + run.get("requests").asLong() + run.get("backfilled").asLong());

		JsonNode stats = this.client.getJson("/api/usage/owners/user/demo/statistics", dashboard);
		assertThat(stats.get("total_tokens").asLong()).isGreaterThanOrEqualTo(5);
		assertThat(stats.get("total_requests").asLong()).isGreaterThan(25);
		assertThat(stats.get("failed_attempts").asLong()).isGreaterThanOrEqualTo(5);
		assertThat(stats.get("by_type").get("sk").asLong()).isGreaterThanOrEqualTo(3);

		long checkout = this.demo.checkout().token().id();
		assertThat(this.client.getJson("/api/usage/tokens/" + checkout + "/daily?days=30&zone=Europe/Berlin", dashboard)
			.size()).isEqualTo(30);
		assertThat(this.client.getJson("/api/usage/tokens/" + checkout + "/hourly?zone=Asia/Kolkata", dashboard).size())
			.isEqualTo(24);
		assertThat(this.client.getJson("/api/usage/tokens/" + checkout + "/ips", dashboard).size()).isGreaterThan(1);
		assertThat(this.client.getJson("/api/usage/tokens/" + checkout + "/count", dashboard).get("count").asLong())
			.isGreaterThan(25);
		assertThat(this.client.getJson("/api/usage/tokens/" + checkout + "/recent?days=7", dashboard).size())
			.isGreaterThan(0);
		assertThat(
				this.client.getJson("/api/usage/tokens/" + checkout + "/first-use", dashboard).get("event").asString())
			.isEqualTo("authenticated");
		assertThat(this.client.getJson("/api/usage/tokens/" + checkout + "/lifecycle", dashboard)
			.get(0)
			.get("event")
			.asString()).isEqualTo("created");
		assertThat(this.client.getJson("/api/usage/owners/user/demo/most-active?limit=3", dashboard).size())
			.isEqualTo(3);
		assertThat(this.client.getJson("/api/usage/owners/user/demo/total", dashboard).get("total").asLong())
			.isGreaterThan(25);
		JsonNode failures = this.client.getJson("/api/usage/failures?hours=24", dashboard);
		assertThat(failures.findValuesAsString("event")).contains("failed", "ip_blocked", "rate_limited");
		assertThat(this.client.getJson("/api/usage/suspicious-ips", dashboard).findValuesAsString("ipAddress"))
			.contains("198.51.100.66");
	}

	@Test
	void usagePagesAreBoundedByTheLibraryMaximumAndFailuresComePaged() throws Exception {
		String dashboard = this.demo.dashboard().plaintext();
		String authentications = "/api/usage/tokens/" + this.demo.admin().token().id() + "/authentications";
		int max = UsageQueryService.MAX_PAGE_SIZE;
		for (String tooLarge : List.of(authentications + "?size=" + (max + 1), "/api/usage/failures?size=" + (max + 1),
				"/api/usage/owners/user/demo/most-active?limit=" + (max + 1))) {
			HttpResponse<String> refused = this.client.send("GET", tooLarge, dashboard, null);
			assertThat(refused.statusCode()).as(tooLarge).isEqualTo(400);
			assertThat(SampleClient.json(refused.body()).get("detail").asString()).as(tooLarge)
				.endsWith(" " + max + " (was " + (max + 1) + ")");
		}
		for (int i = 0; i < 3; i++) {
			assertThat(this.client.send("GET", "/api/orders", this.demo.retired().plaintext(), null).statusCode())
				.isEqualTo(401);
		}
		AuditTrail.drain(this.context);

		assertThat(this.client.getJson(authentications + "?size=" + max, dashboard).get("size").asInt()).isEqualTo(max);
		JsonNode failures = this.client.getJson("/api/usage/failures?hours=24&size=2", dashboard);
		assertThat(failures.get("content").size()).isEqualTo(2);
		assertThat(failures.get("totalElements").asLong()).isGreaterThanOrEqualTo(3);
	}

	@Test
	void customListenerAddsRequestIdToTheUsageRow() throws Exception {
		String marker = "request-id-test/" + UUID.randomUUID();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/orders"))
			.header("Authorization", "Bearer " + this.demo.admin().plaintext())
			.header("X-Request-Id", "req-12345")
			.header("User-Agent", marker)
			.build();
		assertThat(this.http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

		AuditEntry row = new AuditTrail(this.context).awaitOne(marker, AuditEvent.AUTHENTICATED);
		assertThat(row.metadata()).containsEntry("request_id", "req-12345");
		JsonNode recent = this.client.getJson("/api/usage/tokens/" + this.demo.admin().token().id() + "/recent",
				this.demo.dashboard().plaintext());
		assertThat(recent.findValuesAsString("request_id")).contains("req-12345");
	}

	@Test
	void dashboardPageAndChartLibraryAreServedWithoutAToken() throws Exception {
		assertThat(this.client.send("GET", "/", null, null).body()).contains("Bearer usage dashboard");
		HttpResponse<String> chart = this.client.send("GET", "/webjars/chart.js/dist/chart.umd.min.js", null, null);
		assertThat(chart.statusCode()).isEqualTo(200);
		assertThat(chart.body()).contains("Chart");
	}

}
