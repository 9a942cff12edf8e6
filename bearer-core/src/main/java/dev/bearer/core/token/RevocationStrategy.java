package dev.bearer.core.token;

import java.util.Locale;

/** How {@link TokenService#revokeGroup} chooses the keys of a group it revokes. */
public enum RevocationStrategy {

	/** The named key only (with the keys derived from it). */
	NONE,

	/** Every key of the group. */
	CASCADE,

	/** The keys of the group a {@link TokenSelection} takes, by type or environment. */
	PARTIAL,

	/**
	 * The keys of the group a {@link TokenSelection} takes, at a future instant; they
	 * keep working until then.
	 */
	TIMED;

	/** The lowercase name written in audit metadata, e.g. {@code cascade}. */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The strategy named {@code code}, in any case.
	 * @throws InvalidTokenRequestException naming {@code strategy} for an unknown code
	 */
	public static RevocationStrategy fromCode(String code) {
		for (RevocationStrategy strategy : values()) {
			if (strategy.code().equalsIgnoreCase(code)) {
				return strategy;
			}
		}
		throw new InvalidTokenRequestException("strategy",
				"must be one of none, cascade, partial or timed (was '" + code + "')");
	}

}
