package dev.bearer.spring.security;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DefaultBearerTokenResolverTests {

	private final DefaultBearerTokenResolver headerOnly = new DefaultBearerTokenResolver("Authorization", false, 100);

	private final DefaultBearerTokenResolver withQuery = new DefaultBearerTokenResolver("Authorization", true, 100);

	@Test
	void readsTheBearerSchemeInAnyCase() {
		assertThat(this.headerOnly.resolve(request("Bearer abc"))).isEqualTo("abc");
		assertThat(this.headerOnly.resolve(request("BEARER abc"))).isEqualTo("abc");
		assertThat(this.headerOnly.resolve(request("bearer   abc  "))).isEqualTo("abc");
	}

	@Test
	void otherSchemesAndNoHeaderMeanNoToken() {
		assertThat(this.headerOnly.resolve(request("Basic dXNlcjpwYXNz"))).isNull();
		assertThat(this.headerOnly.resolve(request("Bearerabc"))).isNull();
		assertThat(this.headerOnly.resolve(new MockHttpServletRequest("GET", "/"))).isNull();
	}

	@Test
	void emptyOrSpacedCredentialsAreInvalidRequests() {
		assertThatExceptionOfType(InvalidBearerRequestException.class).isThrownBy(() -> this.headerOnly.resolve(request("Bearer")));
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
		request.addParameter("access_token", "abc");

		assertThat(this.headerOnly.resolve(request)).isNull();
		assertThat(this.withQuery.resolve(request)).isEqualTo("abc");
	}

	@Test
	void queryParameterIsReadOnlyOnGet() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/");
		request.addParameter("access_token", "abc");

		assertThat(this.withQuery.resolve(request)).isNull();
	}

	@Test
	void twoCredentialsAreAnInvalidRequest() {
		MockHttpServletRequest both = request("Bearer abc");
		both.addParameter("access_token", "def");
		MockHttpServletRequest twoParameters = new MockHttpServletRequest("GET", "/");
		twoParameters.addParameter("access_token", "abc", "def");

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
