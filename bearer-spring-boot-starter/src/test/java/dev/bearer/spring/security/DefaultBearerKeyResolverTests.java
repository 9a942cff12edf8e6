package dev.bearer.spring.security;

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

	private static MockHttpServletRequest request(String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader("Authorization", authorization);
		return request;
	}

}
