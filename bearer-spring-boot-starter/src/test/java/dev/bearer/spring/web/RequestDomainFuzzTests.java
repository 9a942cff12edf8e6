package dev.bearer.spring.web;

import java.util.Locale;

import dev.bearer.core.test.Fuzz;
import dev.bearer.core.test.FuzzInput;
import dev.bearer.core.token.DomainPattern;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RequestDomain} on thousands of generated {@code Origin} and {@code Referer}
 * headers: it never throws, the host it answers is lowercase and comes from one of them,
 * and matching it against a domain allow-list never throws.
 */
class RequestDomainFuzzTests {

	private final DomainPattern allowed = DomainPattern.parse("*.example.com");

	@Test
	void anyOriginOrRefererGivesALowercaseHostOrNone() {
		Fuzz.check("RequestDomain.of(arbitrary headers)", 20_000, (input) -> {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
			String origin = input.chance(60) ? url(input) : null;
			String referer = input.chance(60) ? url(input) : null;
			if (origin != null) {
				request.addHeader("Origin", origin);
			}
			if (referer != null) {
				request.addHeader("Referer", referer);
			}
			RequestDomain domain = RequestDomain.of(request);
			assertThat(domain.fromBrowserOrigin()).isEqualTo(origin != null && origin.length() <= 2048);
			if (domain.host() != null) {
				assertThat(domain.host()).isEqualTo(domain.host().toLowerCase(Locale.ROOT));
				assertThat((origin + " " + referer).toLowerCase(Locale.ROOT)).contains(domain.host());
			}
			this.allowed.matches(domain.host());
		});
	}

	private static String url(FuzzInput input) {
		String host = input.oneOf("example.com", "API.Example.COM", "evil.com", "xn--80ak6aa92e.com", "[2001:db8::1]",
				"203.0.113.7", "exa mple.com", "éxample.com", "a".repeat(300) + ".com", "", "example.com.",
				input.string(30));
		return switch (input.between(0, 5)) {
			case 0 -> "https://" + host;
			case 1 -> "http://" + host + ":" + input.between(0, 99999) + "/" + input.string(40);
			case 2 -> "null";
			case 3 -> input.string(input.chance(10) ? 3000 : 80);
			case 4 -> "https://user:pass@" + host + "/path?q=" + input.string(10) + "#" + input.string(10);
			default -> input.oneOf("file:///etc/passwd", "javascript:alert(1)", "//" + host, "https:" + host,
					"https://" + host + "\u0000.evil.com");
		};
	}

}
