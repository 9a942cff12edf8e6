package dev.bearer.spring.security;

import java.time.Duration;

import dev.bearer.core.token.AuthenticationFailureReason;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refusal is one {@link BearerKeyError}, rendered by one writer with the
 * application's JSON mapper.
 */
class BearerKeyErrorWriterTests {

	private final BearerKeyErrorWriter writer = new BearerKeyErrorWriter("orders",
			JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build());

	@Test
	void refusedKeysOfEveryReasonButRequestRateQuotaAndBudgetGetTheSameInvalidTokenAnswer() {
		for (AuthenticationFailureReason reason : AuthenticationFailureReason.values()) {
			BearerKeyError error = BearerKeyError.of(reason, Duration.ZERO);
			switch (reason) {
				case INVALID_REQUEST -> assertThat(error.errorCode()).isEqualTo(BearerKeyError.INVALID_REQUEST);
				case RATE_LIMITED, QUOTA_EXHAUSTED, BUDGET_EXHAUSTED ->
					assertThat(error.status().value()).isEqualTo(429);
				default -> assertThat(error).as(reason.code()).isEqualTo(BearerKeyError.invalidToken());
			}
		}
	}

	@Test
	void invalidTokenIsA401ChallengeWithAProblemBodyWrittenByTheApplicationsMapper() throws Exception {
		MockHttpServletResponse response = write(BearerKeyError.invalidToken(), "/orders/7");

		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader(HttpHeaders.WWW_AUTHENTICATE))
			.startsWith("Bearer realm=\"orders\", error=\"invalid_token\"");
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		String body = response.getContentAsString();
		assertThat(body).contains("\n")
			.contains("\"status\" : 401")
			.contains("\"instance\" : \"/orders/7\"")
			.contains("\"title\" : \"Unauthorized\"")
			.doesNotContain("properties");
	}

	@Test
	void rateLimitCarriesRetryAfterInWholeSecondsAndNoChallenge() throws Exception {
		MockHttpServletResponse response = write(
				BearerKeyError.of(AuthenticationFailureReason.RATE_LIMITED, Duration.ofMillis(1500)), "/orders");

		assertThat(response.getStatus()).isEqualTo(429);
		assertThat(response.getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
		assertThat(response.getHeader(HttpHeaders.WWW_AUTHENTICATE)).isNull();
	}

	@Test
	void exhaustedFailureBudgetIsA429OfItsOwnProblemTypeWithRetryAfter() throws Exception {
		MockHttpServletResponse response = write(
				BearerKeyError.of(AuthenticationFailureReason.BUDGET_EXHAUSTED, Duration.ofSeconds(42)), "/orders");

		assertThat(response.getStatus()).isEqualTo(429);
		assertThat(response.getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("42");
		assertThat(response.getHeader(HttpHeaders.WWW_AUTHENTICATE)).isNull();
		assertThat(response.getContentAsString())
			.contains("\"type\" : \"" + BearerKeyError.FAILURE_BUDGET_EXHAUSTED + "\"")
			.contains("\"status\" : 429")
			.contains("Too many failed authentications");
	}

	@Test
	void rateLimitKeepsTheDefaultProblemType() throws Exception {
		assertThat(write(BearerKeyError.of(AuthenticationFailureReason.RATE_LIMITED, Duration.ofSeconds(1)), "/")
			.getContentAsString()).doesNotContain("\"type\"");
	}

	@Test
	void missingCredentialsGetAChallengeWithoutAnErrorCode() throws Exception {
		assertThat(write(BearerKeyError.missing(), "/").getHeader(HttpHeaders.WWW_AUTHENTICATE))
			.isEqualTo("Bearer realm=\"orders\"");
	}

	@Test
	void unavailableIs503WithRetryAfter() throws Exception {
		MockHttpServletResponse response = write(BearerKeyError.unavailable(), "/");

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
	}

	@Test
	void committedResponseIsLeftAlone() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setStatus(200);
		response.setCommitted(true);

		this.writer.write(new MockHttpServletRequest("GET", "/"), response, BearerKeyError.invalidToken());

		assertThat(response.getStatus()).isEqualTo(200);
	}

	private MockHttpServletResponse write(BearerKeyError error, String path) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.writer.write(new MockHttpServletRequest("GET", path), response, error);
		return response;
	}

}
