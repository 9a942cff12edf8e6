package dev.bearer.spring.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ClientIpResolverTests {

	@Test
	void withoutTrustedProxiesForwardingHeadersAreIgnored() {
		ClientIpResolver resolver = new ClientIpResolver(List.of());

		assertThat(resolver.resolve(request("203.0.113.5", "10.0.0.1"))).isEqualTo("203.0.113.5");
	}

	@Test
	void trustedProxyHandsOverToTheRightmostUntrustedHop() {
		ClientIpResolver resolver = new ClientIpResolver(List.of("10.0.0.0/8"));

		assertThat(resolver.resolve(request("10.0.0.2", "198.51.100.7, 10.0.0.9"))).isEqualTo("198.51.100.7");
		assertThat(resolver.resolve(request("10.0.0.2", "6.6.6.6, 198.51.100.7"))).isEqualTo("198.51.100.7");
	}

	@Test
	void untrustedPeerCannotSpoofItsAddress() {
		ClientIpResolver resolver = new ClientIpResolver(List.of("10.0.0.0/8"));

		assertThat(resolver.resolve(request("203.0.113.5", "10.0.0.1"))).isEqualTo("203.0.113.5");
	}

	@Test
	void missingHeaderFallsBackToThePeer() {
		ClientIpResolver resolver = new ClientIpResolver(List.of("10.0.0.0/8"));

		assertThat(resolver.resolve(request("10.0.0.2", null))).isEqualTo("10.0.0.2");
	}

	@Test
	void clientCannotPadTheHeaderToHideBehindTheProxy() {
		ClientIpResolver resolver = new ClientIpResolver(List.of("10.0.0.0/8"));

		assertThat(resolver.resolve(request("10.0.0.2", "1.1.1.1,".repeat(400) + " 203.0.113.66")))
			.isEqualTo("203.0.113.66");
	}

	@Test
	void everyHeaderLineIsReadAndTheProxysLineWins() {
		ClientIpResolver resolver = new ClientIpResolver(List.of("10.0.0.0/8"));
		MockHttpServletRequest request = request("10.0.0.2", "198.51.100.7");
		request.addHeader("X-Forwarded-For", "203.0.113.66");

		assertThat(resolver.resolve(request)).isEqualTo("203.0.113.66");
	}

	private static MockHttpServletRequest request(String remote, String forwardedFor) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.setRemoteAddr(remote);
		if (forwardedFor != null) {
			request.addHeader("X-Forwarded-For", forwardedFor);
		}
		return request;
	}

}
