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

	@Test
	void aPortIsStrippedWhereItIsUnambiguous() {
		ClientIpResolver resolver = new ClientIpResolver(List.of("10.0.0.0/8"));

		assertThat(resolver.resolve(request("10.0.0.2", "203.0.113.5:443"))).isEqualTo("203.0.113.5");
		assertThat(resolver.resolve(request("10.0.0.2", "[2001:db8::1]:443"))).isEqualTo("2001:db8::1");
		assertThat(resolver.resolve(request("10.0.0.2", "[2001:db8::1]"))).isEqualTo("2001:db8::1");
		assertThat(resolver.resolve(request("10.0.0.2", "2001:db8::1"))).isEqualTo("2001:db8::1");
		assertThat(resolver.resolve(request("10.0.0.2", "198.51.100.7, 10.0.0.9:8080"))).isEqualTo("198.51.100.7");
	}

	@Test
	void aHopThatIsNoAddressEndsTheWalkAtTheProxyThatAppendedIt() {
		ClientIpResolver resolver = new ClientIpResolver(List.of("10.0.0.0/8"));

		for (String garbage : new String[] { "unknown", "_hidden", "client.example.com", "1.2.3.4:99999",
				"1.2.3.4:443:1", "[2001:db8::1", "[1.2.3.4]:80", "2001:db8::1%eth0", "' or 1=1 --", "\u0000" }) {
			assertThat(resolver.resolve(request("10.0.0.2", "198.51.100.7, " + garbage))).as(garbage)
				.isEqualTo("10.0.0.2");
			assertThat(resolver.resolve(request("10.0.0.2", "198.51.100.7, " + garbage + ", 10.0.0.3"))).as(garbage)
				.isEqualTo("10.0.0.3");
		}
	}

	@Test
	void emptyListElementsAreSkipped() {
		ClientIpResolver resolver = new ClientIpResolver(List.of("10.0.0.0/8"));

		assertThat(resolver.resolve(request("10.0.0.2", "198.51.100.7, ,,"))).isEqualTo("198.51.100.7");
	}

	@Test
	void hopsThatAreAllTrustedNameTheLeftmostAsTheClient() {
		ClientIpResolver resolver = new ClientIpResolver(List.of("10.0.0.0/8"));

		assertThat(resolver.resolve(request("10.0.0.2", "10.0.0.7, 10.0.0.9"))).isEqualTo("10.0.0.7");
	}

	@Test
	void remoteAddressThatIsNoAddressIsNoClientIp() {
		ClientIpResolver resolver = new ClientIpResolver(List.of());

		assertThat(resolver.resolve(request("unknown", null))).isNull();
		assertThat(resolver.resolve(request("[2001:db8::1]", null))).isEqualTo("2001:db8::1");
	}

	@Test
	void forwardedNamesTheClientInItsForParameter() {
		ClientIpResolver resolver = new ClientIpResolver(List.of("10.0.0.0/8"));

		assertThat(resolver.resolve(forwarded("10.0.0.2", "for=198.51.100.7;proto=https;by=10.0.0.2")))
			.isEqualTo("198.51.100.7");
		assertThat(resolver.resolve(forwarded("10.0.0.2", "for=192.0.2.60, for=\"[2001:db8:cafe::17]:4711\"")))
			.isEqualTo("2001:db8:cafe::17");
		assertThat(resolver.resolve(forwarded("10.0.0.2", "For=\"198.51.100.7:80\", for=10.0.0.9")))
			.isEqualTo("198.51.100.7");
		assertThat(resolver.resolve(forwarded("10.0.0.2", "for=\"\\[2001:db8::1]\""))).isEqualTo("2001:db8::1");
	}

	@Test
	void forwardedElementWithoutOneForAddressEndsTheWalk() {
		ClientIpResolver resolver = new ClientIpResolver(List.of("10.0.0.0/8"));

		for (String element : new String[] { "for=unknown", "for=_gazonk", "proto=https", "for=1.2.3.4;for=5.6.7.8",
				"for=\"1.2.3.4", "for=\"[2001:db8::1]:_port\" garbage" }) {
			assertThat(resolver.resolve(forwarded("10.0.0.2", "for=198.51.100.7, " + element))).as(element)
				.isEqualTo("10.0.0.2");
		}
	}

	@Test
	void clientCannotSwallowTheProxysForwardedElementWithAnOpenQuote() {
		ClientIpResolver resolver = new ClientIpResolver(List.of("10.0.0.0/8"));
		MockHttpServletRequest request = forwarded("10.0.0.2", "for=\"6.6.6.6, for=1.1.1.1");
		request.addHeader("Forwarded", "for=198.51.100.7");

		assertThat(resolver.resolve(request)).isEqualTo("198.51.100.7");
		assertThat(resolver.resolve(forwarded("10.0.0.2", "for=\"6.6.6.6, for=198.51.100.7")))
			.isEqualTo("198.51.100.7");
	}

	@Test
	void clientCannotPadForwardedToHideBehindTheProxy() {
		ClientIpResolver resolver = new ClientIpResolver(List.of("10.0.0.0/8"));

		assertThat(resolver.resolve(forwarded("10.0.0.2", "for=\"1.1.1.1\",".repeat(400) + "for=203.0.113.66")))
			.isEqualTo("203.0.113.66");
	}

	@Test
	void xForwardedForWinsOverForwardedWhenBothNameHops() {
		ClientIpResolver resolver = new ClientIpResolver(List.of("10.0.0.0/8"));
		MockHttpServletRequest both = request("10.0.0.2", "198.51.100.7");
		both.addHeader("Forwarded", "for=6.6.6.6");
		MockHttpServletRequest emptyForwardedFor = forwarded("10.0.0.2", "for=198.51.100.8");
		emptyForwardedFor.addHeader("X-Forwarded-For", " ");

		assertThat(resolver.resolve(both)).isEqualTo("198.51.100.7");
		assertThat(resolver.resolve(emptyForwardedFor)).isEqualTo("198.51.100.8");
	}

	@Test
	void forwardedFromAnUntrustedPeerIsIgnored() {
		ClientIpResolver resolver = new ClientIpResolver(List.of("10.0.0.0/8"));

		assertThat(resolver.resolve(forwarded("203.0.113.5", "for=10.0.0.1"))).isEqualTo("203.0.113.5");
	}

	private static MockHttpServletRequest forwarded(String remote, String forwarded) {
		MockHttpServletRequest request = request(remote, null);
		request.addHeader("Forwarded", forwarded);
		return request;
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
