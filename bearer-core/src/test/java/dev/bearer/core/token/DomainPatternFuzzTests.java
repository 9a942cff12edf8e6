package dev.bearer.core.token;

import java.util.Locale;

import dev.bearer.core.test.Fuzz;
import dev.bearer.core.test.FuzzInput;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DomainPattern} on thousands of generated patterns and hosts: parsing refuses
 * with {@link IllegalArgumentException} only, matching never throws, and a pattern
 * matches its own host (a wildcard its subdomains), never a host that only ends with the
 * same characters.
 */
class DomainPatternFuzzTests {

	@Test
	void arbitraryTextIsParsedOrRefusedAndMatchingNeverThrows() {
		Fuzz.check("parse/matches(arbitrary)", 20_000, (input) -> {
			String text = input.chance(50) ? input.string(300) : hostLike(input);
			try {
				DomainPattern pattern = DomainPattern.parse(text);
				pattern.matches(input.chance(50) ? input.string(300) : hostLike(input));
				pattern.matches(null);
			}
			catch (IllegalArgumentException ex) {
				assertThat(ex.getMessage()).isNotBlank();
			}
		});
	}

	@Test
	void patternMatchesItsHostAndWildcardsOnlyItsSubdomains() {
		Fuzz.check("matches(own host)", 20_000, (input) -> {
			String host = host(input);
			DomainPattern exact = DomainPattern.parse(host);
			assertThat(exact.matches(host.toUpperCase(Locale.ROOT))).isTrue();
			assertThat(exact.matches("x" + host)).isFalse();
			if (host.contains(".")) {
				DomainPattern wildcard = DomainPattern.parse("*." + host);
				assertThat(wildcard.matches(host(input) + "." + host)).isTrue();
				assertThat(wildcard.matches(host)).isFalse();
				assertThat(wildcard.matches("evil" + host)).isFalse();
			}
		});
	}

	/** A valid host name of one to four labels. */
	static String host(FuzzInput input) {
		StringBuilder host = new StringBuilder();
		int labels = input.between(1, 4);
		for (int i = 0; i < labels; i++) {
			if (i > 0) {
				host.append('.');
			}
			host.append(input.of("abcdefghijklmnopqrstuvwxyz0123456789", 1));
			int middle = input.between(0, 8);
			if (middle > 0) {
				host.append(input.of("abcdefghijklmnopqrstuvwxyz0123456789-", middle));
				host.append(input.of("abcdefghijklmnopqrstuvwxyz0123456789", 1));
			}
		}
		return host.toString();
	}

	/** Text shaped like a host name or pattern, or a near miss of one. */
	static String hostLike(FuzzInput input) {
		String host = host(input);
		return input.oneOf(host, "*." + host, "*" + host, host + ".", "." + host, host.toUpperCase(Locale.ROOT),
				host + "\n", "*.*." + host, host.replace('.', '\u3002'), host + ":443", "xn--" + host,
				host.repeat(input.between(2, 40)));
	}

}
