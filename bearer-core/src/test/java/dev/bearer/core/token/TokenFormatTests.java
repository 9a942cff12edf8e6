package dev.bearer.core.token;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenFormatTests {

	private final TokenFormat format = new TokenFormat(TokenTypeRegistry.builtIn());

	@Test
	void generatedTokenHasTypeEnvironmentSecretAndChecksum() {
		String token = this.format.generate(TokenType.PUBLISHABLE, TokenEnvironment.LIVE);

		assertThat(token).matches("pk_live_[0-9A-Za-z]{38}");
		assertThat(this.format.parse(token)).hasValueSatisfying(parsed -> {
			assertThat(parsed.type()).isEqualTo(TokenType.PUBLISHABLE);
			assertThat(parsed.environment()).isEqualTo(TokenEnvironment.LIVE);
			assertThat(parsed.plaintext()).isEqualTo(token);
		});
	}

	@Test
	void generatedSecretsDoNotRepeat() {
		Set<String> tokens = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			tokens.add(this.format.generate(TokenType.SECRET, TokenEnvironment.TEST));
		}
		assertThat(tokens).hasSize(10_000);
	}

	@Test
	void everySingleCharacterTypoInTheSecretIsDetected() {
		String token = this.format.generate(TokenType.SECRET, TokenEnvironment.TEST);
		String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
		for (int position = 8; position < token.length(); position++) {
			for (char replacement : alphabet.toCharArray()) {
				if (replacement != token.charAt(position)) {
					String typo = token.substring(0, position) + replacement + token.substring(position + 1);
					assertThat(this.format.parse(typo)).as(typo).isEmpty();
				}
			}
		}
	}

	@Test
	void truncatedExtendedOrForeignStringsAreMalformed() {
		String token = this.format.generate(TokenType.SECRET, TokenEnvironment.TEST);
		for (String candidate : List.of(token.substring(0, token.length() - 1), token + "a", "", "sk_test_", "sk__abc",
				"Bearer " + token, token.replace("sk_", "xk_"), token.replace("_test_", "_prod_"),
				"x".repeat(10_000))) {
			assertThat(this.format.parse(candidate)).as(candidate).isEmpty();
		}
		assertThat(this.format.parse(null)).isEmpty();
	}

	@Test
	void tokenOfAnUnregisteredTypeIsMalformed() {
		TokenType custom = new TokenType("ci", null, List.of(), null, null, Set.of(TokenEnvironment.TEST), false);
		String token = new TokenFormat(TokenTypeRegistry.withCustomTypes(List.of(custom))).generate(custom,
				TokenEnvironment.TEST);

		assertThat(this.format.parse(token)).isEmpty();
	}

	@Test
	void displayPrefixShowsTypeEnvironmentAndFourSecretCharacters() {
		String token = this.format.generate(TokenType.SECRET, TokenEnvironment.LIVE);

		assertThat(TokenFormat.displayPrefix(token)).isEqualTo(token.substring(0, 12)).startsWith("sk_live_");
	}

	@Test
	void parsedTokenDoesNotPrintTheSecret() {
		String token = this.format.generate(TokenType.SECRET, TokenEnvironment.LIVE);

		assertThat(this.format.parse(token).orElseThrow().toString()).doesNotContain(token.substring(12));
	}

}
