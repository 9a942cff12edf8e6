package dev.bearer.core.token;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DomainPatternTests {

	@Test
	void exactDomainMatchesOnlyItselfIgnoringCase() {
		DomainPattern pattern = DomainPattern.parse("Example.com");

		assertThat(pattern.matches("example.com")).isTrue();
		assertThat(pattern.matches("EXAMPLE.COM")).isTrue();
		assertThat(pattern.matches("api.example.com")).isFalse();
		assertThat(pattern.matches("example.com.evil.net")).isFalse();
	}

	@Test
	void wildcardMatchesSubdomainsButNotTheBareDomain() {
		DomainPattern pattern = DomainPattern.parse("*.example.com");

		assertThat(pattern.matches("api.example.com")).isTrue();
		assertThat(pattern.matches("a.b.example.com")).isTrue();
		assertThat(pattern.matches("example.com")).isFalse();
		assertThat(pattern.matches("evilexample.com")).isFalse();
	}

	@Test
	void invalidPatternsAreRefused() {
		for (String invalid : new String[] { "", "*", "*.com", "api.*.example.com", "exa mple.com", "-bad.com",
				"https://example.com", "example.com:8080" }) {
			assertThatIllegalArgumentException().as(invalid).isThrownBy(() -> DomainPattern.parse(invalid));
		}
	}

	@Test
	void wildcardCoversItselfItsSubdomainsAndNarrowerWildcards() {
		DomainPattern pattern = DomainPattern.parse("*.example.com");

		assertThat(pattern.covers(DomainPattern.parse("*.example.com"))).isTrue();
		assertThat(pattern.covers(DomainPattern.parse("api.example.com"))).isTrue();
		assertThat(pattern.covers(DomainPattern.parse("*.eu.example.com"))).isTrue();
		assertThat(pattern.covers(DomainPattern.parse("example.com"))).isFalse();
		assertThat(pattern.covers(DomainPattern.parse("*.evilexample.com"))).isFalse();
	}

	@Test
	void exactDomainCoversOnlyItself() {
		DomainPattern pattern = DomainPattern.parse("api.example.com");

		assertThat(pattern.covers(DomainPattern.parse("API.example.com"))).isTrue();
		assertThat(pattern.covers(DomainPattern.parse("*.api.example.com"))).isFalse();
		assertThat(pattern.covers(DomainPattern.parse("v2.api.example.com"))).isFalse();
	}

}
