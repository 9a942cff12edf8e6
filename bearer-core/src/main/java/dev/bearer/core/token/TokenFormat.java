package dev.bearer.core.token;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The token string: {@code {type}_{env}_{secret}{checksum}}. The secret is 32 base62
 * characters from {@link SecureRandom} (190 bits); the checksum is the CRC32 of
 * everything before it, in 6 base62 characters, so a mistyped or truncated token is
 * refused before any database lookup.
 */
public final class TokenFormat {

	/** The longest string {@link #parse} looks at; anything longer is malformed. */
	public static final int MAX_LENGTH = 64;

	static final int SECRET_LENGTH = 32;

	static final int CHECKSUM_LENGTH = 6;

	private static final int DISPLAY_SECRET_CHARS = 4;

	private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

	private final SecureRandom random;

	private final TokenTypeRegistry types;

	/** A format that knows the token types of {@code types}. */
	public TokenFormat(TokenTypeRegistry types) {
		this(types, new SecureRandom());
	}

	TokenFormat(TokenTypeRegistry types, SecureRandom random) {
		this.types = types;
		this.random = random;
	}

	/** Generates a new plaintext token of the given type and environment. */
	public String generate(TokenType type, TokenEnvironment environment) {
		StringBuilder token = new StringBuilder(type.prefix()).append('_').append(environment.code()).append('_');
		for (int i = 0; i < SECRET_LENGTH; i++) {
			token.append(BASE62[this.random.nextInt(BASE62.length)]);
		}
		return token.append(checksum(token)).toString();
	}

	/**
	 * Parses a presented token, checking its shape, type, environment and checksum.
	 * @return the parts, or empty if the string is not a well-formed token of a known
	 * type
	 */
	public Optional<ParsedToken> parse(String presented) {
		if (presented == null || presented.length() > MAX_LENGTH) {
			return Optional.empty();
		}
		int firstSeparator = presented.indexOf('_');
		int secondSeparator = presented.indexOf('_', firstSeparator + 1);
		if (firstSeparator < 1 || secondSeparator < 0) {
			return Optional.empty();
		}
		String body = presented.substring(secondSeparator + 1);
		if (body.length() != SECRET_LENGTH + CHECKSUM_LENGTH || !isBase62(body)) {
			return Optional.empty();
		}
		String signed = presented.substring(0, presented.length() - CHECKSUM_LENGTH);
		if (!checksum(signed).equals(presented.substring(signed.length()))) {
			return Optional.empty();
		}
		Optional<TokenType> type = this.types.find(presented.substring(0, firstSeparator));
		Optional<TokenEnvironment> environment = environment(presented.substring(firstSeparator + 1, secondSeparator));
		if (type.isEmpty() || environment.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new ParsedToken(type.get(), environment.get(), presented));
	}

	/**
	 * The non-secret start of a token, e.g. {@code sk_live_4fGh}, that lets people
	 * recognise it.
	 */
	public static String displayPrefix(String plaintext) {
		int secondSeparator = plaintext.indexOf('_', plaintext.indexOf('_') + 1);
		return plaintext.substring(0, secondSeparator + 1 + DISPLAY_SECRET_CHARS);
	}

	private static Optional<TokenEnvironment> environment(String code) {
		for (TokenEnvironment environment : TokenEnvironment.values()) {
			if (environment.code().equals(code)) {
				return Optional.of(environment);
			}
		}
		return Optional.empty();
	}

	private static boolean isBase62(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
				return false;
			}
		}
		return true;
	}

	private static String checksum(CharSequence signed) {
		CRC32 crc = new CRC32();
		crc.update(signed.toString().getBytes(StandardCharsets.US_ASCII));
		long value = crc.getValue();
		char[] digits = new char[CHECKSUM_LENGTH];
		for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
			digits[i] = BASE62[(int) (value % BASE62.length)];
			value /= BASE62.length;
		}
		return new String(digits);
	}

	/**
	 * A presented token whose format and checksum are valid.
	 *
	 * @param type the token's type
	 * @param environment the token's environment
	 * @param plaintext the whole token string
	 */
	public record ParsedToken(TokenType type, TokenEnvironment environment, String plaintext) {

		@Override
		public String toString() {
			return "ParsedToken[" + displayPrefix(this.plaintext) + "…]";
		}

	}

}
