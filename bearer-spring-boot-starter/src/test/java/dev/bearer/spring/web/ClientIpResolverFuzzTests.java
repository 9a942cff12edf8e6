package dev.bearer.spring.web;

import java.util.ArrayList;
import java.util.List;

import dev.bearer.core.test.Fuzz;
import dev.bearer.core.test.FuzzInput;
import dev.bearer.core.token.IpRange;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClientIpResolver} on thousands of generated requests: it never throws, answers
 * an IP literal or nothing, and whatever a client writes into {@code X-Forwarded-For} or
 * {@code Forwarded} (padding, open quotes, garbage), the hop a trusted proxy appends
 * after it is the client.
 */
class ClientIpResolverFuzzTests {

	private final ClientIpResolver resolver = new ClientIpResolver(List.of("10.0.0.0/8", "fd00::/8"));

	private final ClientIpResolver trustingNobody = new ClientIpResolver(List.of());

	@Test
	void anyRequestResolvesToAnIpLiteralOrNothing() {
		Fuzz.check("resolve(arbitrary request)", 5_000, (input) -> {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
			request.setRemoteAddr(input.chance(70) ? node(input) : input.string(60));
			List<String> nodes = new ArrayList<>();
			for (int i = input.between(0, 3); i > 0; i--) {
				String header = input.oneOf(ClientIpResolver.X_FORWARDED_FOR, ClientIpResolver.FORWARDED);
				request.addHeader(header, header.equals(ClientIpResolver.FORWARDED) ? forwarded(input, nodes)
						: forwardedFor(input, nodes));
			}
			String client = this.resolver.resolve(request);
			assertThat(client == null || IpRange.isAddress(client)).as(client).isTrue();
			String peer = ForwardedHops.address(request.getRemoteAddr());
			assertThat(this.trustingNobody.resolve(request)).isEqualTo(peer);
			if (client != null && !client.equals(peer)) {
				assertThat(nodes.stream().map(ForwardedHops::address)).contains(client);
			}
		});
	}

	@Test
	void clientCannotChooseItsAddressBeforeTheHopATrustedProxyAppends() {
		Fuzz.check("resolve(client prefix + proxy hop)", 5_000, (input) -> {
			String client = input.oneOf("198.51.100.7", "203.0.113.66", "2001:db8::17", "8.8.8.8");
			boolean forwardedHeader = input.chance(50);
			String prefix = forwardedHeader ? forwarded(input, new ArrayList<>())
					: forwardedFor(input, new ArrayList<>());
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
			request.setRemoteAddr(input.oneOf("10.0.0.2", "10.255.0.1", "fd00::2"));
			String header = forwardedHeader ? ClientIpResolver.FORWARDED : ClientIpResolver.X_FORWARDED_FOR;
			String hop = forwardedHeader ? "for=\"" + (client.contains(":") ? "[" + client + "]" : client) + "\""
					: client;
			if (input.chance(50)) {
				request.addHeader(header, prefix + ", " + hop);
			}
			else {
				request.addHeader(header, prefix);
				request.addHeader(header, hop);
			}
			assertThat(this.resolver.resolve(request)).isEqualTo(client);
		});
	}

	/**
	 * An X-Forwarded-For value the client may have written; its nodes go to
	 * {@code nodes}.
	 */
	private static String forwardedFor(FuzzInput input, List<String> nodes) {
		List<String> hops = new ArrayList<>();
		for (int i = input.chance(5) ? 1000 : input.between(0, 6); i > 0; i--) {
			String node = input.chance(80) ? node(input) : input.string(30);
			nodes.add(node);
			hops.add(node);
		}
		return String.join(input.oneOf(",", ", ", " ,", ",,"), hops);
	}

	/** A Forwarded value the client may have written; its nodes go to {@code nodes}. */
	private static String forwarded(FuzzInput input, List<String> nodes) {
		List<String> elements = new ArrayList<>();
		for (int i = input.chance(5) ? 500 : input.between(0, 5); i > 0; i--) {
			String node = input.chance(80) ? node(input) : input.string(30);
			nodes.add(node);
			String value = input.chance(50) ? "\"" + node + "\"" : node;
			elements.add(input.oneOf("for=" + value, "For=" + value + ";proto=https", "by=x;for=" + value,
					"for=" + value + ";for=" + value, "proto=http", "for=\"" + node, input.string(20)));
		}
		return String.join(input.oneOf(",", ", "), elements);
	}

	/** A node as proxies write them, or a near miss of one. */
	static String node(FuzzInput input) {
		String ipv4 = input.between(0, 255) + "." + input.between(0, 255) + "." + input.between(0, 255) + "."
				+ input.between(0, 255);
		String ipv6 = input.oneOf("2001:db8::", "fd00::", "::", "fe80::")
				+ Integer.toHexString(input.between(0, 65535));
		String port = String.valueOf(input.oneOf(0, 80, 443, 4711, 65535, 65536, 99999));
		return input.oneOf(ipv4, ipv6, ipv4 + ":" + port, "[" + ipv6 + "]", "[" + ipv6 + "]:" + port, ipv6 + ":" + port,
				"unknown", "_hidden", "_" + port, "[" + ipv4 + "]", ipv6 + "%eth0", "localhost", " " + ipv4 + " ",
				"[" + ipv6, ipv6 + "]", "::ffff:" + ipv4, ipv4 + ":_obf", "");
	}

}
