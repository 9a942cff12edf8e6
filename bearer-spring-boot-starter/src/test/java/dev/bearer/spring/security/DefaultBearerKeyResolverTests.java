package dev.bearer.spring.security;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DefaultBearerKeyResolverTests {

	private final DefaultBearerKeyResolver headerOnly = new DefaultBearerKeyResolver("Authorization", false, 100);

	private final DefaultBearerKeyResolver withQuery = new DefaultBearerKeyResolver("Authorization", true, 100);

	@Test
	void readsTheBearerSchemeInAnyCase() {
		assertThat(this.headerOnly.resolve(request("Bearer sk_test_abc"))).isEqualTo("sk_test_abc");
		assertThat(this.headerOnly.resolve(request("BEARER sk_test_abc"))).isEqualTo("sk_test_abc");
		assertThat(this.headerOnly.resolve(request("bearer   sk_test_abc  "))).isEqualTo("sk_test_abc");
	}

	@Test
	void bearerCredentialsThatAreNotKeysAreLeftToTheRestOfTheChain() {
		String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";

		assertThat(this.headerOnly.resolve(request("Bearer " + jwt))).isNull();
		assertThat(this.headerOnly.resolve(request("Bearer opaque-token"))).isNull();
		assertThat(this.headerOnly.resolve(request("Bearer SK_TEST_abc"))).isNull();
		assertThat(DefaultBearerKeyResolver.isBearerKey("rk_live_x")).isTrue();
		assertThat(DefaultBearerKeyResolver.isBearerKey(jwt)).isFalse();
	}

	@Test
	void otherSchemesAndNoHeaderMeanNoToken() {
		assertThat(this.headerOnly.resolve(request("Basic dXNlcjpwYXNz"))).isNull();
		assertThat(this.headerOnly.resolve(request("Bearerabc"))).isNull();
		assertThat(this.headerOnly.resolve(new MockHttpServletRequest("GET", "/"))).isNull();
	}

	@Test
	void emptyOrSpacedCredentialsAreInvalidRequests() {
		assertThatExceptionOfType(InvalidBearerRequestException.class)
			.isThrownBy(() -> this.headerOnly.resolve(request("Bearer")));
		assertThatExceptionOfType(InvalidBearerRequestException.class)
			.isThrownBy(() -> this.headerOnly.resolve(request("Bearer a b")));
	}

	@Test
	void headerOverTheLengthBoundIsAnInvalidRequest() {
		assertThatExceptionOfType(InvalidBearerRequestException.class)
			.isThrownBy(() -> this.headerOnly.resolve(request("Bearer " + "a".repeat(100))));
	}

	@Test
	void queryParameterIsIgnoredUnlessAllowed() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addParameter("access_token", "pk_test_abc");

		assertThat(this.headerOnly.resolve(request)).isNull();
		assertThat(this.withQuery.resolve(request)).isEqualTo("pk_test_abc");
	}

	@Test
	void queryParameterIsReadOnlyOnGet() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/");
		request.addParameter("access_token", "pk_test_abc");

		assertThat(this.withQuery.resolve(request)).isNull();
	}

	@Test
	void twoCredentialsAreAnInvalidRequest() {
		MockHttpServletRequest both = request("Bearer sk_test_abc");
		both.addParameter("access_token", "sk_test_def");
		MockHttpServletRequest twoParameters = new MockHttpServletRequest("GET", "/");
		twoParameters.addParameter("access_token", "sk_test_abc", "sk_test_def");

		assertThatExceptionOfType(InvalidBearerRequestException.class).isThrownBy(() -> this.withQuery.resolve(both));
		assertThatExceptionOfType(InvalidBearerRequestException.class)
			.isThrownBy(() -> this.withQuery.resolve(twoParameters));
	}

	@Test
	void anotherAuthorizationLineBesideAKeyIsAnInvalidRequest() {
		for (String other : new String[] { "Basic dXNlcjpwYXNz", "Digest username=\"u\"",
				"Bearer eyJhbGciOiJub25lIn0.e30.", "Token abc" }) {
			MockHttpServletRequest keyFirst = request("Bearer sk_test_abc");
			keyFirst.addHeader("Authorization", other);
			MockHttpServletRequest keySecond = request(other);
			keySecond.addHeader("Authorization", "Bearer sk_test_abc");

			assertThatExceptionOfType(InvalidBearerRequestException.class).as(other)
				.isThrownBy(() -> this.headerOnly.resolve(keyFirst));
			assertThatExceptionOfType(InvalidBearerRequestException.class).as(other)
				.isThrownBy(() -> this.headerOnly.resolve(keySecond));
		}
	}

	@Test
	void twoCredentialsWithoutAKeyAreLeftToTheRestOfTheChain() {
		MockHttpServletRequest request = request("Basic dXNlcjpwYXNz");
		request.addHeader("Authorization", "Digest username=\"u\"");

		assertThat(this.headerOnly.resolve(request)).isNull();
	}

	@Test
	void anyAccessTokenParameterBesideAKeyIsAnInvalidRequestWhereParametersAreRead() {
		MockHttpServletRequest keyInHeader = request("Bearer sk_test_abc");
		keyInHeader.addParameter("access_token", "eyJhbGciOiJub25lIn0.e30.");
		MockHttpServletRequest keyInParameter = request("Bearer eyJhbGciOiJub25lIn0.e30.");
		keyInParameter.addParameter("access_token", "sk_test_abc");
		MockHttpServletRequest basicBesideParameter = request("Basic dXNlcjpwYXNz");
		basicBesideParameter.addParameter("access_token", "sk_test_abc");

		for (MockHttpServletRequest request : List.of(keyInHeader, keyInParameter, basicBesideParameter)) {
			assertThatExceptionOfType(InvalidBearerRequestException.class)
				.isThrownBy(() -> this.withQuery.resolve(request));
		}
		assertThat(this.headerOnly.resolve(keyInHeader)).isEqualTo("sk_test_abc");
	}

	@Test
	void blankAuthorizationLineBesideAKeyIsNoSecondCredential() {
		MockHttpServletRequest request = request("Bearer sk_test_abc");
		request.addHeader("Authorization", " ");

		assertThat(this.headerOnly.resolve(request)).isEqualTo("sk_test_abc");
	}

	private static MockHttpServletRequest request(String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader("Authorization", authorization);
		return request;
	}

}
