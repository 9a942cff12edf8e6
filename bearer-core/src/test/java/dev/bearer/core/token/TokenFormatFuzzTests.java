package dev.bearer.core.token;

import java.util.Optional;

import dev.bearer.core.test.Fuzz;
import dev.bearer.core.test.FuzzInput;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TokenFormat#parse} on thousands of generated strings: it never throws, accepts
 * only what it generated, refuses every single-character change of a real token, and a
 * parsed token never prints its secret.
 */
class TokenFormatFuzzTests {

	private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	private final TokenFormat format = new TokenFormat(TokenTypeRegistry.builtIn());

	@Test
	void arbitraryStringsAreRefusedWithoutAnException() {
		Fuzz.check("parse(arbitrary)", 20_000, (input) -> {
			String presented = input.chance(50) ? input.string(200)
					: input.oneOf("sk", "pk", "rk", "xx", "SK", "") + input.oneOf("_", "__", "-", "")
							+ input.oneOf("test", "live", "prod", "") + input.oneOf("_", "") + input.string(60);
			Optional<TokenFormat.ParsedToken> parsed = this.format.parse(presented);
			parsed.ifPresent((token) -> assertThat(token.plaintext()).isEqualTo(presented)
				.matches("(sk|pk|rk)_(test|live)_[0-9A-Za-z]{38}"));
		});
	}

	@Test
	void everySingleCharacterChangeOfARealTokenIsRefused() {
		Fuzz.check("parse(one change of a real token)", 20_000, (input) -> {
			String token = this.format.generate(
					input.oneOf(TokenType.SECRET, TokenType.PUBLISHABLE, TokenType.RESTRICTED),
					input.oneOf(TokenEnvironment.TEST, TokenEnvironment.LIVE));
			int position = input.between(0, token.length() - 1);
			String replacement = input.chance(80) ? input.of(BASE62 + "_", 1) : input.string(2);
			String changed = switch (input.between(0, 2)) {
				case 0 -> token.substring(0, position) + replacement + token.substring(position + 1);
				case 1 -> token.substring(0, position) + token.substring(position + 1);
				default -> token.substring(0, position) + replacement + token.substring(position);
			};
			if (!changed.equals(token)) {
				assertThat(this.format.parse(changed)).isEmpty();
			}
		});
	}

	@Test
	void parsedTokenNeverPrintsItsSecret() {
		Fuzz.check("parsed.toString()", 5_000, (input) -> {
			String token = this.format.generate(TokenType.SECRET, input.oneOf(TokenEnvironment.values()));
			String printed = this.format.parse(token).orElseThrow().toString();
			assertThat(printed).doesNotContain(token.substring("sk_test_".length() + 4, "sk_test_".length() + 12));
		});
	}

}
