package dev.bearer.spring.security;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.bearer.core.test.AuditTrail;
import dev.bearer.core.test.Fuzz;
import dev.bearer.core.test.FuzzInput;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenFormat;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.token.TokenType;
import dev.bearer.core.token.TokenTypeRegistry;
import dev.bearer.spring.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Arbitrary {@code Authorization} headers through the whole chain: valid, revoked,
 * rate-limited, forged (checksum-valid but unknown) and mangled keys, JWTs, other
 * schemes, garbage of any length and script, one line or two, with or without an
 * {@code access_token} parameter, beside hostile user agents, origins, referers and
 * forwarding headers (read: the client is a trusted proxy). Every answer is 200, 400, 401
 * or 429 (never a 500 or a 503), no answer repeats a credential in its body or headers,
 * and no log line, Bearer's at TRACE and Spring Security's at DEBUG, holds one.
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "bearer.authentication.allow-query-parameter=true",
				"bearer.authentication.trusted-proxies=127.0.0.1", "logging.level.dev.bearer=trace",
				"logging.level.org.springframework.security=debug" })
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class AuthorizationHeaderFuzzTests {

	private static final Set<Integer> ANSWERS = Set.of(200, 400, 401, 429);

	private final TokenFormat format = new TokenFormat(TokenTypeRegistry.builtIn());

	@Autowired
	private MockMvc mvc;

	@Autowired
	private TokenService tokens;

	@Autowired
	private ApplicationContext context;

	@Test
	void anyAuthorizationIsAnsweredWithoutA500AndNoCredentialIsEchoedOrLogged(CapturedOutput output) {
		TokenOwner owner = TokenOwner.of("user", "fuzz");
		String valid = this.tokens.issue(IssueTokenRequest.builder(owner, "valid").build()).plaintext();
		String limited = this.tokens.issue(IssueTokenRequest.builder(owner, "limited").rateLimitPerMinute(1).build())
			.plaintext();
		String revoked = this.tokens.issue(IssueTokenRequest.builder(owner, "revoked").build()).plaintext();
		this.tokens.revoke(this.tokens.listByOwner(owner).get(2).id(), "fuzz");
		Set<String> secrets = new HashSet<>(List.of(valid, limited, revoked));

		Fuzz.check("GET /whoami with arbitrary credentials", 1_500, (input) -> {
			List<String> sent = new ArrayList<>();
			MockHttpServletRequestBuilder request = get("/whoami");
			for (int i = input.oneOf(0, 1, 1, 1, 1, 2); i > 0; i--) {
				String credential = credential(input, valid, limited, revoked);
				sent.add(credential);
				request.header(HttpHeaders.AUTHORIZATION,
						input.oneOf("Bearer ", "Bearer ", "bearer ", "Basic ", "Bearer\t", "") + credential);
			}
			if (input.chance(10)) {
				String credential = credential(input, valid, limited, revoked);
				sent.add(credential);
				request.param("access_token", credential);
			}
			if (input.chance(20)) {
				request.header(HttpHeaders.USER_AGENT, input.string(600));
			}
			if (input.chance(10)) {
				request.header(HttpHeaders.ORIGIN, input.oneOf("https://app.example.com", "null", input.string(40)));
			}
			if (input.chance(10)) {
				request.header(HttpHeaders.REFERER, input.oneOf("https://app.example.com/p", input.string(80)));
			}
			if (input.chance(20)) {
				request.header(input.oneOf("X-Forwarded-For", "Forwarded"),
						input.oneOf("203.0.113.7", "for=\"[2001:db8::1]:443\"", "unknown", input.string(100)));
			}
			Answer answer = perform(request);
			assertThat(ANSWERS).contains(answer.status());
			for (String credential : sent) {
				if (isSecret(credential)) {
					secrets.add(credential);
					assertThat(answer.text()).doesNotContain(credential);
				}
			}
		});

		AuditTrail.drain(this.context);
		String logged = output.getAll();
		assertThat(logged).contains("Refused a Bearer key");
		for (String secret : secrets) {
			assertThat(logged).doesNotContain(secret);
		}
		assertThat(logged).doesNotContain("audit row was rejected").doesNotContain("answering 503");
	}

	/** The status, body and header values of the answer to {@code request}. */
	private Answer perform(MockHttpServletRequestBuilder request) {
		try {
			MockHttpServletResponse response = this.mvc.perform(request).andReturn().getResponse();
			String headers = response.getHeaderNames()
				.stream()
				.flatMap((name) -> response.getHeaders(name).stream())
				.toList()
				.toString();
			return new Answer(response.getStatus(), response.getContentAsString() + headers);
		}
		catch (Exception ex) {
			throw new AssertionError("The request escaped the chain with " + ex, ex);
		}
	}

	private String credential(FuzzInput input, String valid, String limited, String revoked) {
		return switch (input.between(0, 9)) {
			case 0 -> valid;
			case 1 -> limited;
			case 2 -> revoked;
			case 3, 4 -> this.format.generate(input.oneOf(TokenType.SECRET, TokenType.PUBLISHABLE),
					input.oneOf(TokenEnvironment.values()));
			case 5 -> {
				int position = input.between(0, valid.length() - 1);
				yield valid.substring(0, position) + input.string(2) + valid.substring(position + 1);
			}
			case 6 -> "eyJhbGciOiJIUzI1NiJ9." + input.of("abcdefghijklmnopqrstuvwxyz0123456789-_", 40) + ".sig";
			case 7 -> "sk_live_" + input.string(input.chance(10) ? 2000 : 40);
			default -> input.string(input.chance(10) ? 3000 : 60);
		};
	}

	/**
	 * Whether {@code credential} is one that no answer or log line may hold: key-shaped,
	 * or long enough not to occur in a fixed text by chance.
	 */
	private static boolean isSecret(String credential) {
		return credential.contains("_test_") || credential.contains("_live_") || credential.strip().length() >= 24;
	}

	/** What the client sees of an answer. */
	private record Answer(int status, String text) {
	}

}
