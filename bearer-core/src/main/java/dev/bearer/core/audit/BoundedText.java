package dev.bearer.core.audit;

/**
 * Cuts text to a bound without splitting a character outside the Basic Multilingual Plane
 * (a surrogate pair), so well-formed text stays well-formed.
 */
final class BoundedText {

	private BoundedText() {
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

}
