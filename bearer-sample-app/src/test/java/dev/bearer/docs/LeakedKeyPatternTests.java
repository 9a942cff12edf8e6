package dev.bearer.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenFormat;
import dev.bearer.core.token.TokenType;
import dev.bearer.core.token.TokenTypeRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The regular expression {@code docs/governance.md} tells users to register with a secret
 * scanner, read from the page itself: it finds every key Bearer issues, whole, and
 * nothing that is not one.
 */
class LeakedKeyPatternTests {

	private static final Pattern REGEX_BLOCK = Pattern.compile("```regex\\n(.*?)\\n```", Pattern.DOTALL);

	private static final Path GOVERNANCE = Path.of("..", "docs", "governance.md");

	private static final int KEYS_PER_KIND = 2_000;

	private final TokenFormat format = new TokenFormat(TokenTypeRegistry.builtIn());

	private final Pattern documented = documentedPattern();

	@Test
	void findsEveryIssuedKeyOfEveryBuiltInTypeAndEnvironmentWhole() {
		for (TokenType type : List.of(TokenType.SECRET, TokenType.PUBLISHABLE, TokenType.RESTRICTED)) {
			for (TokenEnvironment environment : TokenEnvironment.values()) {
				for (int i = 0; i < KEYS_PER_KIND; i++) {
					String key = this.format.generate(type, environment);
					Matcher matcher = this.documented.matcher("token: \"" + key + "\",\n");
					assertThat(matcher.find()).as(key).isTrue();
					assertThat(matcher.group()).isEqualTo(key);
				}
			}
		}
	}

	@Test
	void findsNearMissesOfNoKind() {
		String key = this.format.generate(TokenType.SECRET, TokenEnvironment.LIVE);
		String body = key.substring("sk_live_".length());
		List<String> nearMisses = List.of(key.substring(0, key.length() - 1), key + "x", key + "_", "x" + key,
				"sk_prod_" + body, "SK_live_" + body, "sk-live-" + body, "ak_live_" + body, "sk_live" + body,
				"sk_live_" + body.substring(0, 31) + "-" + body.substring(32),
				"sk_live_" + body.substring(0, 32) + "5" + body.substring(33));

		for (String nearMiss : nearMisses) {
			assertThat(this.documented.matcher("key=" + nearMiss + " ").find()).as(nearMiss).isFalse();
		}
	}

	@Test
	void everyChecksumStartsWithTheDigitsTheExpressionAllows() {
		for (int i = 0; i < 20_000; i++) {
			String key = this.format.generate(TokenType.SECRET, TokenEnvironment.TEST);
			assertThat(key.charAt(key.length() - 6)).as(key).isBetween('0', '4');
		}
	}

	private static Pattern documentedPattern() {
		try {
			Matcher block = REGEX_BLOCK.matcher(Files.readString(GOVERNANCE));
			assertThat(block.find()).as("a regex block in " + GOVERNANCE).isTrue();
			return Pattern.compile(block.group(1).strip());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
