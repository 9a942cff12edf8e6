package dev.bearer.spring.web;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class RequestDomainTests {

	@Test
	void originWinsOverReferer() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Origin", "https://App.Example.com:8443");
		request.addHeader("Referer", "https://other.example.org/page");

		assertThat(RequestDomain.of(request)).isEqualTo(new RequestDomain("app.example.com", true));
	}

	@Test
	void refererIsUsedWithoutOrigin() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Referer", "https://shop.example.com/cart?x=1");

		assertThat(RequestDomain.of(request)).isEqualTo(new RequestDomain("shop.example.com", false));
	}

	@Test
	void opaqueNullOriginStillMarksABrowser() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Origin", "null");

		assertThat(RequestDomain.of(request)).isEqualTo(new RequestDomain(null, true));
	}

	@Test
	void unparsableOrAbsentHeadersGiveNoHost() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Referer", "not a url");

		assertThat(RequestDomain.of(request).host()).isNull();
		assertThat(RequestDomain.of(new MockHttpServletRequest())).isEqualTo(new RequestDomain(null, false));
	}

}
