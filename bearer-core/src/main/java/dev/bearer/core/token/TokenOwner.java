package dev.bearer.core.token;

import java.util.Objects;

/**
 * Who a token belongs to: a polymorphic reference such as {@code ("user", "42")}.
 *
 * @param type the kind of owner, e.g. {@code user} or {@code team}
 * @param id the owner's identifier within its kind
 */
public record TokenOwner(String type, String id) {

	/** The longest owner type or id accepted. */
	public static final int MAX_LENGTH = 255;

	/** Validates both parts. */
	public TokenOwner {
		type = requireText(type, "owner type");
		id = requireText(id, "owner id");
	}

	/** An owner of kind {@code type} with identifier {@code id}. */
	public static TokenOwner of(String type, Object id) {
		return new TokenOwner(type, String.valueOf(Objects.requireNonNull(id, "owner id must not be null")));
	}

	private static String requireText(String value, String what) {
		if (value == null || value.isBlank()) {
			throw new InvalidTokenRequestException("owner", what + " must not be blank");
		}
		if (value.length() > MAX_LENGTH) {
			throw new InvalidTokenRequestException("owner", what + " must be at most " + MAX_LENGTH + " characters");
		}
		return value;
	}

}
