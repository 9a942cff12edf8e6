package dev.bearer.spring.security;

import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.spring.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A token issued for an environment the application refuses is flagged when it is issued,
 * and the log (at debug) names the check that refused it, while the client's answer stays
 * generic.
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "bearer.authentication.environments=live",
				"logging.level.dev.bearer.spring.security.BearerKeyAuthenticationFilter=debug" })
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class UnacceptedEnvironmentTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private TokenService tokens;

	@Test
	void issuingATokenThisApplicationRefusesLogsAWarningNamingTheSetting(CapturedOutput output) {
		IssuedToken test = issue("ci-test", TokenEnvironment.TEST);
		IssuedToken live = issue("ci-live", TokenEnvironment.LIVE);

		assertThat(output).contains("Issued token " + test.token().id() + " ('ci-test') with environment 'test'")
			.contains("bearer.authentication.environments=[live]")
			.doesNotContain("('ci-live')");
		assertThat(live.token().environment()).isEqualTo(TokenEnvironment.LIVE);
	}

	@Test
	void refusalIsGenericForTheClientAndNamedInTheLog(CapturedOutput output) throws Exception {
		IssuedToken test = issue("refused", TokenEnvironment.TEST);

		String body = this.mvc.perform(get("/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + test.plaintext()))
			.andExpect(status().isUnauthorized())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(body).doesNotContain("environment");
		assertThat(output)
			.contains("Refused a Bearer key on GET /orders: environment_not_allowed (token " + test.token().id() + ")")
			.doesNotContain(test.plaintext());
	}

	private IssuedToken issue(String name, TokenEnvironment environment) {
		return this.tokens.issue(IssueTokenRequest.builder(TokenOwner.of("user", 8), name)
			.environment(environment)
			.abilities("orders:read")
			.build());
	}

}
