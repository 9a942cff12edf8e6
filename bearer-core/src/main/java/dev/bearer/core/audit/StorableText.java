package dev.bearer.core.audit;

/**
 * Text as every supported database stores it and reads it back unchanged: bounded without
 * splitting a surrogate pair, and with the characters some refuse (U+0000, which
 * PostgreSQL refuses in text and JSON) or mangle (unpaired surrogates, which are no
 * Unicode text: H2 refuses them in JSON, drivers turn them into {@code ?}) replaced by
 * U+FFFD.
 */
final class StorableText {

	private static final char REPLACEMENT = '\uFFFD';

	private StorableText() {
	}

	/**
	 * {@code text} cut to {@code maxLength} characters ({@link #truncate}) and made
	 * {@link #storable}; {@code null} stays {@code null}.
	 */
	static String of(CharSequence text, int maxLength) {
		return storable(truncate(text, maxLength));
	}

	/**
	 * {@code text}, or its first {@code maxLength} characters (one fewer when the cut
	 * would fall inside a surrogate pair); {@code null} stays {@code null}.
	 */
	static String truncate(CharSequence text, int maxLength) {
		if (text == null) {
			return null;
		}
		if (text.length() <= maxLength) {
			return text.toString();
		}
		boolean splitsPair = maxLength > 0 && Character.isHighSurrogate(text.charAt(maxLength - 1))
				&& Character.isLowSurrogate(text.charAt(maxLength));
		return text.subSequence(0, splitsPair ? maxLength - 1 : maxLength).toString();
	}

	/**
	 * {@code text} with U+0000 and unpaired surrogates replaced by U+FFFD (same length);
	 * {@code null} stays {@code null}.
	 */
	static String storable(String text) {
		if (text == null) {
			return null;
		}
		char[] chars = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (c == '\u0000' || Character.isSurrogate(c)) {
				chars = (chars != null) ? chars : text.toCharArray();
				chars[i] = REPLACEMENT;
			}
		}
		return (chars != null) ? new String(chars) : text;
	}

}
