package dev.bearer.core.test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The values one try of a {@link Fuzz} property draws, from a seeded source: numbers,
 * choices, and strings built from hostile character sets (control characters, Latin-1,
 * other scripts, Unicode spaces and separators, surrogate pairs and lone surrogates),
 * with edge cases (empty, one character, thousands) drawn more often than chance would.
 * Every string and choice drawn is remembered for the failure message.
 */
public final class FuzzInput {

	private static final int DESCRIBED_LENGTH = 120;

	private final SplittableRandom random;

	private final List<String> drawn = new ArrayList<>();

	FuzzInput(SplittableRandom random) {
		this.random = random;
	}

	/** A number from {@code min} to {@code max}, both included. */
	public int between(int min, int max) {
		return (int) this.random.nextLong(min, max + 1L);
	}

	/** Whether an event of {@code percent} percent happens. */
	public boolean chance(int percent) {
		return this.random.nextInt(100) < percent;
	}

	/** One of {@code choices}. */
	@SafeVarargs
	public final <T> T oneOf(T... choices) {
		T choice = choices[this.random.nextInt(choices.length)];
		if (choice instanceof String text) {
			remember(text);
		}
		return choice;
	}

	/** One of {@code choices}. */
	public <T> T oneOf(List<T> choices) {
		T choice = choices.get(this.random.nextInt(choices.size()));
		if (choice instanceof String text) {
			remember(text);
		}
		return choice;
	}

	/**
	 * Any string up to {@code maxLength} characters: mostly short, sometimes empty, one
	 * character, or close to {@code maxLength}; its characters come from one or more
	 * hostile sets.
	 */
	public String string(int maxLength) {
		int length = length(maxLength);
		CharSet[] sets = CharSet.values();
		List<CharSet> palette = new ArrayList<>();
		int count = between(1, 3);
		for (int i = 0; i < count; i++) {
			palette.add(sets[this.random.nextInt(sets.length)]);
		}
		StringBuilder text = new StringBuilder(length);
		while (text.length() < length) {
			palette.get(this.random.nextInt(palette.size())).append(text, this.random);
		}
		text.setLength(length);
		return remember(text.toString());
	}

	/** A string of {@code length} characters of {@code alphabet}. */
	public String of(String alphabet, int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(alphabet.charAt(this.random.nextInt(alphabet.length())));
		}
		return remember(text.toString());
	}

	/**
	 * Every string and string choice drawn so far, shortened and escaped for a message.
	 */
	public List<String> drawn() {
		return this.drawn.stream().map(FuzzInput::described).toList();
	}

	private int length(int maxLength) {
		return switch (this.random.nextInt(10)) {
			case 0 -> 0;
			case 1 -> Math.min(1, maxLength);
			case 2 -> Math.max(0, maxLength - this.random.nextInt(Math.min(maxLength, 16) + 1));
			default -> this.random.nextInt(Math.min(maxLength, 64) + 1);
		};
	}

	private String remember(String text) {
		this.drawn.add(text);
		return text;
	}

	private static String described(String text) {
		StringBuilder described = new StringBuilder("\"");
		for (int i = 0; i < text.length() && i < DESCRIBED_LENGTH; i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
				described.append(String.format("\\u%04x", (int) c));
			}
			else {
				described.append(c);
			}
		}
		described.append('"');
		if (text.length() > DESCRIBED_LENGTH) {
			described.append("… (").append(text.length()).append(" chars)");
		}
		return described.toString();
	}

	/** The character sets strings are drawn from. */
	private enum CharSet {

		/** Printable ASCII. */
		PRINTABLE {
			@Override
			void append(StringBuilder text, SplittableRandom random) {
				text.append((char) (0x20 + random.nextInt(0x5F)));
			}
		},

		/** What addresses, tokens and header parameters are made of. */
		SYNTAX {
			@Override
			void append(StringBuilder text, SplittableRandom random) {
				String syntax = "0123456789abcdefABCDEF.:_-[]/,;=\"\\ %*";
				text.append(syntax.charAt(random.nextInt(syntax.length())));
			}
		},

		/** C0 controls and DEL. */
		CONTROL {
			@Override
			void append(StringBuilder text, SplittableRandom random) {
				int c = random.nextInt(0x21);
				text.append((char) ((c == 0x20) ? 0x7F : c));
			}
		},

		/** Latin-1, as servlet containers decode header bytes. */
		LATIN_1 {
			@Override
			void append(StringBuilder text, SplittableRandom random) {
				text.append((char) (0x80 + random.nextInt(0x80)));
			}
		},

		/** Other scripts, Unicode spaces, separators and case-mapping oddities. */
		UNICODE {
			@Override
			void append(StringBuilder text, SplittableRandom random) {
				String special = "\u00A0\u1680\u2000\u200B\u2028\u2029\u202E\u3000\uFEFF\uFFFD\u0130\u0131\u017F\u212A"
						+ "\u0301\u05D0\u0627\u4E2D\u0416\u00DF\uFF0E\uFF1A";
				text.append(special.charAt(random.nextInt(special.length())));
			}
		},

		/** Characters outside the BMP, as surrogate pairs. */
		SUPPLEMENTARY {
			@Override
			void append(StringBuilder text, SplittableRandom random) {
				text.appendCodePoint(0x10000 + random.nextInt(0xFFFFF));
			}
		},

		/** Unpaired surrogates, which no well-formed text contains. */
		LONE_SURROGATE {
			@Override
			void append(StringBuilder text, SplittableRandom random) {
				text.append((char) (0xD800 + random.nextInt(0x800)));
			}
		};

		abstract void append(StringBuilder text, SplittableRandom random);

	}

}
