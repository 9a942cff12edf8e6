package dev.bearer.spring.secretscanning;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.test.AuditTrail;
import dev.bearer.core.test.MutableClock;
import dev.bearer.core.test.SwitchableDataSource;
import dev.bearer.core.token.AuthenticationFailureReason;
import dev.bearer.core.token.HashAlgorithm;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.Token;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenFormat;
import dev.bearer.core.token.TokenLeaked;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenResolution;
import dev.bearer.core.token.TokenRevoked;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.token.TokenType;
import dev.bearer.core.token.TokenTypeRegistry;
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
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * GitHub's secret-scanning partner protocol through the starter's endpoint, with reports
 * signed by a key pair made for the run; one subclass per database. Each test starts from
 * drained audit sinks and empty tables and checks its own key's rows and events.
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "bearer.secret-scanning.enabled=true", "bearer.secret-scanning.max-body-size=4KB",
				"bearer.secret-scanning.max-matches=5" })
@AutoConfigureMockMvc
@RecordApplicationEvents
public abstract class SecretScanningContractTests {

	private static final String PATH = "/bearer/secret-scanning";

	private static final String KEY_ID = "bcb53661c06b4728e59d897fb6165d5c9cda0fd9cdf9d09ead458168deb7518c";

	private static final ScannerKey GITHUB = ScannerKey.generate();

	private static final String URL = "https://github.com/octocat/Hello-World/blob/12345600b9/config.yml";

	private static final TokenOwner OWNER = TokenOwner.of("user", 7);

	private final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	private MockMvc mvc;

	@Autowired
	private TokenService tokens;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private MutableClock clock;

	@Autowired
	private ApplicationEvents events;

	@Autowired
	private DataSource dataSource;

	private AuditTrail trail;

	@DynamicPropertySource
	static void githubPublicKey(DynamicPropertyRegistry registry) {
		registry.add("bearer.secret-scanning.public-keys." + KEY_ID, GITHUB::publicKeyPem);
	}

	@BeforeEach
	void startFromAnEmptyAuditTrail() {
		this.trail = new AuditTrail(this.context);
		this.trail.clear();
		this.clock.set(Instant.parse("2026-06-01T12:00:00Z"));
	}

	@AfterEach
	void reconnect() {
		switchable().setReachable(true);
	}

	@Test
	void reportedLiveKeyIsRevokedAsLeakedAndAnsweredAsATruePositiveByHash() throws Exception {
		IssuedToken issued = issue(TokenEnvironment.LIVE);
		assertThat(this.tokens.resolve(issued.plaintext())).isInstanceOf(TokenResolution.Resolved.class);

		signed(report(issued.plaintext())).andExpect(status().isOk())
			.andExpect(content().contentType(MediaType.APPLICATION_JSON))
			.andExpect(jsonPath("$.length()").value(1))
			.andExpect(jsonPath("$[0].token_hash").value(HashAlgorithm.SHA256.hash(issued.plaintext())))
			.andExpect(jsonPath("$[0].token_type").value("bearer_key"))
			.andExpect(jsonPath("$[0].label").value("true_positive"))
			.andExpect(jsonPath("$[0].token_raw").doesNotExist())
			.andExpect(content().string(not(containsString(issued.plaintext()))));

		long id = issued.token().id();
		assertThat(this.tokens.find(id).orElseThrow().revokedAt()).isEqualTo(this.clock.instant());
		assertThat(this.trail.ofToken(id, AuditEvent.REVOKED)).singleElement()
			.satisfies(row -> assertThat(row.metadata()).containsEntry("reason", "leaked"));
		assertThat(this.events.stream(TokenRevoked.class)).singleElement()
			.satisfies(event -> assertThat(event.reason()).isEqualTo(TokenService.LEAKED));
		assertThat(this.events.stream(TokenLeaked.class)).singleElement().satisfies(event -> {
			assertThat(event.token().id()).isEqualTo(id);
			assertThat(event.token().revokedAt()).isEqualTo(this.clock.instant());
			assertThat(event.foundAt()).isEqualTo(URL);
		});
		assertThat(this.tokens.resolve(issued.plaintext())).isInstanceOfSatisfying(TokenResolution.Rejected.class,
				rejected -> assertThat(rejected.reason()).isEqualTo(AuthenticationFailureReason.REVOKED));
		this.mvc.perform(get("/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + issued.plaintext()))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void replayedReportChangesNothingMoreAndGetsTheSameAnswer() throws Exception {
		IssuedToken issued = issue(TokenEnvironment.LIVE);
		byte[] body = report(issued.plaintext(), unissuedKey());
		String signature = GITHUB.sign(body);
		String first = send(body, KEY_ID, signature).andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		Instant revokedAt = this.clock.instant();
		this.clock.advance(Duration.ofMinutes(5));

		String replay = send(body, KEY_ID, signature).andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(replay).isEqualTo(first);
		assertThat(this.json.readTree(replay).get(0).get("label").stringValue()).isEqualTo("true_positive");
		assertThat(this.json.readTree(replay).get(1).get("label").stringValue()).isEqualTo("false_positive");
		long id = issued.token().id();
		assertThat(this.tokens.find(id).orElseThrow().revokedAt()).isEqualTo(revokedAt);
		assertThat(this.trail.ofToken(id, AuditEvent.REVOKED)).hasSize(1);
		assertThat(this.events.stream(TokenLeaked.class)).hasSize(1);
		assertThat(this.events.stream(TokenRevoked.class)).hasSize(1);
	}

	@Test
	void testEnvironmentKeyIsRevokedToo() throws Exception {
		IssuedToken issued = issue(TokenEnvironment.TEST);

		signed(report(issued.plaintext())).andExpect(status().isOk())
			.andExpect(jsonPath("$[0].label").value("true_positive"));

		assertThat(this.tokens.find(issued.token().id()).orElseThrow().revokedAt()).isEqualTo(this.clock.instant());
		assertThat(this.events.stream(TokenLeaked.class)).hasSize(1);
	}

	@Test
	void keyInItsRotationGracePeriodIsRevokedAtOnce() throws Exception {
		IssuedToken issued = issue(TokenEnvironment.LIVE);
		this.tokens.rotate(issued.token().id(), Duration.ofHours(1));

		signed(report(issued.plaintext())).andExpect(status().isOk())
			.andExpect(jsonPath("$[0].label").value("true_positive"));

		assertThat(this.tokens.find(issued.token().id()).orElseThrow().revokedAt()).isEqualTo(this.clock.instant());
		assertThat(this.events.stream(TokenLeaked.class)).hasSize(1);
	}

	@Test
	void alreadyRevokedAndExpiredKeysAreTruePositivesAndStayAsTheyWere() throws Exception {
		IssuedToken revoked = issue(TokenEnvironment.LIVE);
		this.tokens.revoke(revoked.token().id(), "rotated by hand");
		IssuedToken expired = this.tokens.issue(IssueTokenRequest.builder(OWNER, "short-lived")
			.environment(TokenEnvironment.LIVE)
			.expiresAt(this.clock.instant().plus(Duration.ofMinutes(1)))
			.build());
		Instant revokedAt = this.clock.instant();
		this.clock.advance(Duration.ofMinutes(2));

		signed(report(revoked.plaintext(), expired.plaintext())).andExpect(status().isOk())
			.andExpect(jsonPath("$[0].label").value("true_positive"))
			.andExpect(jsonPath("$[1].label").value("true_positive"));

		assertThat(this.tokens.find(revoked.token().id()).orElseThrow().revokedAt()).isEqualTo(revokedAt);
		assertThat(this.trail.ofToken(revoked.token().id(), AuditEvent.REVOKED)).singleElement()
			.satisfies(row -> assertThat(row.metadata()).containsEntry("reason", "rotated by hand"));
		assertThat(this.tokens.find(expired.token().id()).orElseThrow().revokedAt()).isNull();
		assertThat(this.trail.ofToken(expired.token().id(), AuditEvent.REVOKED)).isEmpty();
		assertThat(this.events.stream(TokenLeaked.class)).isEmpty();
	}

	@Test
	void unknownAndNearMissStringsAreFalsePositivesAndRevokeNothing() throws Exception {
		IssuedToken issued = issue(TokenEnvironment.LIVE);
		String plaintext = issued.plaintext();
		String typo = plaintext.substring(0, plaintext.length() - 1) + (plaintext.endsWith("a") ? "b" : "a");
		String otherEnvironment = plaintext.replace("_live_", "_test_");

		signed(report(unissuedKey(), typo, otherEnvironment, "not a key at all")).andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(4))
			.andExpect(jsonPath("$[*].label").value(everyItem(equalTo("false_positive"))))
			.andExpect(jsonPath("$[1].token_hash").value(HashAlgorithm.SHA256.hash(typo)));

		assertNothingChanged(issued);
	}

	@Test
	void bodyChangedAfterSigningIsRefusedAndChangesNothing() throws Exception {
		IssuedToken issued = issue(TokenEnvironment.LIVE);
		byte[] signedBody = report(unissuedKey());

		send(report(issued.plaintext()), KEY_ID, GITHUB.sign(signedBody)).andExpect(status().isUnauthorized())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(containsString("does not match the request body")));

		assertNothingChanged(issued);
	}

	@Test
	void reportSignedByAnotherKeyIsRefusedAndChangesNothing() throws Exception {
		IssuedToken issued = issue(TokenEnvironment.LIVE);
		byte[] body = report(issued.plaintext());

		send(body, KEY_ID, ScannerKey.generate().sign(body)).andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.detail").value(containsString("does not match the request body")));

		assertNothingChanged(issued);
	}

	@Test
	void reportNamingAnUnknownKeyIdentifierIsRefusedAndChangesNothing() throws Exception {
		IssuedToken issued = issue(TokenEnvironment.LIVE);
		byte[] body = report(issued.plaintext());

		send(body, "f9525bf080f75b3506ca1ead061add62b8633a346606dc5fe544e29231c6ee0d", GITHUB.sign(body))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.detail").value(containsString("names no configured key")));

		assertNothingChanged(issued);
	}

	@Test
	void unsignedReportsAreRefusedNamingTheMissingHeaderAndChangeNothing() throws Exception {
		IssuedToken issued = issue(TokenEnvironment.LIVE);
		byte[] body = report(issued.plaintext());

		send(body, null, null).andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.detail").value(containsString("Github-Public-Key-Identifier header is required")));
		send(body, KEY_ID, null).andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.detail").value(containsString("Github-Public-Key-Signature header is required")));

		assertNothingChanged(issued);
	}

	@Test
	void signedBodyThatIsNotJsonIsRefusedAndChangesNothing() throws Exception {
		IssuedToken issued = issue(TokenEnvironment.LIVE);
		byte[] body = ("[{\"token\":\"" + issued.plaintext() + "\",\"type\":\"bearer_key\"")
			.getBytes(StandardCharsets.UTF_8);

		signed(body).andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("The request body is not JSON."))
			.andExpect(content().string(not(containsString(issued.plaintext()))));

		assertNothingChanged(issued);
	}

	@Test
	void signedReportWithABadMatchIsRefusedNamingTheFieldAndRevokesNoneOfItsMatches() throws Exception {
		IssuedToken issued = issue(TokenEnvironment.LIVE);
		byte[] body = ("[{\"token\":\"" + issued.plaintext() + "\",\"type\":\"bearer_key\"},{\"type\":\"bearer_key\"}]")
			.getBytes(StandardCharsets.UTF_8);
		byte[] notAnArray = "{\"token\":\"x\"}".getBytes(StandardCharsets.UTF_8);
		byte[] typeNotAString = ("[{\"token\":\"" + issued.plaintext() + "\",\"type\":7}]")
			.getBytes(StandardCharsets.UTF_8);

		signed(body).andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value("[1].token is required."));
		signed(notAnArray).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("The request body must be a JSON array of matches."));
		signed(typeNotAString).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("[0].type must be a string."));

		assertNothingChanged(issued);
	}

	@Test
	void oversizedBodyIsRefusedAndChangesNothing() throws Exception {
		IssuedToken issued = issue(TokenEnvironment.LIVE);
		String padding = "x".repeat(4 * 1024);
		byte[] body = ("[{\"token\":\"" + issued.plaintext() + "\",\"type\":\"bearer_key\",\"url\":\"" + padding
				+ "\"}]")
			.getBytes(StandardCharsets.UTF_8);

		signed(body).andExpect(status().isPayloadTooLarge())
			.andExpect(jsonPath("$.detail").value("The request body must be at most 4096 bytes."));

		assertNothingChanged(issued);
	}

	@Test
	void reportWithTooManyMatchesIsRefusedAndChangesNothing() throws Exception {
		IssuedToken issued = issue(TokenEnvironment.LIVE);

		signed(report(issued.plaintext(), "a", "b", "c", "d", "e")).andExpect(status().isPayloadTooLarge())
			.andExpect(jsonPath("$.detail").value("A report may hold at most 5 matches (it held 6)."));

		assertNothingChanged(issued);
	}

	@Test
	void onlyPostIsAnswered() throws Exception {
		this.mvc.perform(get(PATH))
			.andExpect(status().isMethodNotAllowed())
			.andExpect(header().string(HttpHeaders.ALLOW, "POST"));
	}

	@Test
	void reportThatCannotReachTheDatabaseIsAnswered503ForTheScannerToSendAgain() throws Exception {
		IssuedToken issued = issue(TokenEnvironment.LIVE);
		byte[] body = report(issued.plaintext());
		switchable().setReachable(false);

		signed(body).andExpect(status().isServiceUnavailable())
			.andExpect(header().exists(HttpHeaders.RETRY_AFTER))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(content().string(not(containsString(issued.plaintext()))));

		switchable().setReachable(true);
		signed(body).andExpect(status().isOk()).andExpect(jsonPath("$[0].label").value("true_positive"));
		assertThat(this.trail.ofToken(issued.token().id(), AuditEvent.REVOKED)).hasSize(1);
	}

	@Test
	void endpointLeavesTheDefaultChainGuardingEverythingElse() throws Exception {
		this.mvc.perform(get("/orders"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("Bearer")));
		this.mvc.perform(post(PATH + "/more")).andExpect(status().isUnauthorized());
	}

	private void assertNothingChanged(IssuedToken issued) {
		Token token = this.tokens.find(issued.token().id()).orElseThrow();
		assertThat(token.revokedAt()).isNull();
		assertThat(this.trail.ofToken(token.id(), AuditEvent.REVOKED)).isEmpty();
		assertThat(this.events.stream(TokenLeaked.class)).isEmpty();
		assertThat(this.events.stream(TokenRevoked.class)).isEmpty();
	}

	private IssuedToken issue(TokenEnvironment environment) {
		return this.tokens.issue(IssueTokenRequest.builder(OWNER, "deploy").environment(environment).build());
	}

	private static String unissuedKey() {
		return new TokenFormat(TokenTypeRegistry.builtIn()).generate(TokenType.SECRET, TokenEnvironment.LIVE);
	}

	private byte[] report(String... tokens) {
		List<Map<String, String>> matches = new ArrayList<>();
		for (String token : tokens) {
			Map<String, String> match = new LinkedHashMap<>();
			match.put("token", token);
			match.put("type", "bearer_key");
			match.put("url", URL);
			match.put("source", "commit");
			matches.add(match);
		}
		return this.json.writeValueAsBytes(matches);
	}

	private ResultActions signed(byte[] body) throws Exception {
		return send(body, KEY_ID, GITHUB.sign(body));
	}

	private ResultActions send(byte[] body, String keyIdentifier, String signature) throws Exception {
		var request = post(PATH).contentType(MediaType.APPLICATION_JSON).content(body);
		if (keyIdentifier != null) {
			request.header(SecretScanningSignatures.KEY_IDENTIFIER_HEADER, keyIdentifier);
		}
		if (signature != null) {
			request.header(SecretScanningSignatures.SIGNATURE_HEADER, signature);
		}
		return this.mvc.perform(request);
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
