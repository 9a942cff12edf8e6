package dev.bearer.core.token;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A kind of token ({@code sk}, {@code pk}, {@code rk} or a configured one) and the
 * defaults it applies when a token of that kind is issued.
 *
 * @param prefix the prefix in the token string, e.g. {@code sk}; also the type's key
 * @param displayName a human-readable name, e.g. {@code Secret}
 * @param defaultAbilities abilities given to a token issued without explicit abilities
 * @param defaultLifetime lifetime given to a token issued without an expiry, or
 * {@code null} for none
 * @param defaultRateLimitPerMinute rate limit given to a token issued without one, or
 * {@code null}
 * @param environments the environments a token of this type may be issued for
 * @param serverSideOnly whether requests carrying a browser {@code Origin} are refused
 */
public record TokenType(String prefix, String displayName, List<String> defaultAbilities, Duration defaultLifetime,
		Integer defaultRateLimitPerMinute, Set<TokenEnvironment> environments, boolean serverSideOnly) {

	private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{1,15}");

	/** Secret keys: every ability, no expiry, server side only. */
	public static final TokenType SECRET = new TokenType("sk", "Secret", List.of("*"), null, null,
			EnumSet.allOf(TokenEnvironment.class), true);

	/**
	 * Publishable keys: read only, 30 days, 1000 requests a minute, usable from browsers.
	 */
	public static final TokenType PUBLISHABLE = new TokenType("pk", "Publishable", List.of("read"), Duration.ofDays(30),
			1000, EnumSet.allOf(TokenEnvironment.class), false);

	/**
	 * Restricted keys: no ability unless granted, one year, 100 requests a minute, server
	 * side only.
	 */
	public static final TokenType RESTRICTED = new TokenType("rk", "Restricted", List.of(), Duration.ofDays(365), 100,
			EnumSet.allOf(TokenEnvironment.class), true);

	/** Validates the type's settings. */
	public TokenType {
		Objects.requireNonNull(prefix, "prefix must not be null");
		if (!PREFIX.matcher(prefix).matches()) {
			throw new IllegalArgumentException("Token type prefix '" + prefix
					+ "' must be 2 to 16 lowercase letters or digits, starting with a letter");
		}
		displayName = (displayName != null) ? displayName : prefix;
		defaultAbilities = List.copyOf(Objects.requireNonNull(defaultAbilities, "defaultAbilities must not be null"));
		if (defaultLifetime != null && (defaultLifetime.isNegative() || defaultLifetime.isZero())) {
			throw new IllegalArgumentException("Token type '" + prefix + "': default lifetime must be positive");
		}
		if (defaultRateLimitPerMinute != null && defaultRateLimitPerMinute < 1) {
			throw new IllegalArgumentException("Token type '" + prefix + "': default rate limit must be at least 1");
		}
		if (environments == null || environments.isEmpty()) {
			throw new IllegalArgumentException("Token type '" + prefix + "' must allow at least one environment");
		}
		environments = Set.copyOf(environments);
	}

	/** Whether a token of this type may be issued for {@code environment}. */
	public boolean allows(TokenEnvironment environment) {
		return this.environments.contains(environment);
	}

}
