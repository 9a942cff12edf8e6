package dev.bearer.spring.autoconfigure;

import java.time.Duration;
import java.util.Map;

import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenPolicies;
import dev.bearer.core.token.TokenPolicy;
import dev.bearer.core.token.TokenType;
import dev.bearer.core.token.TokenTypeRegistry;
import dev.bearer.spring.autoconfigure.BearerProperties.Tokens.Policy;
import dev.bearer.spring.autoconfigure.BearerProperties.Tokens.PolicySettings;

/**
 * Turns {@code bearer.tokens.policies} into {@link TokenPolicies}, refusing at startup,
 * with the property's name, an unknown type or environment, a duration that is not
 * positive, and a maximum lifetime shorter than the type's default lifetime.
 */
final class ConfiguredTokenPolicies {

	private static final String PREFIX = "bearer.tokens.policies.";

	private ConfiguredTokenPolicies() {
	}

	static TokenPolicies of(Map<String, Policy> policies, TokenTypeRegistry types) {
		TokenPolicies.Builder builder = TokenPolicies.builder();
		policies.forEach((prefix, policy) -> {
			String property = PREFIX + prefix;
			TokenType type = types.find(prefix)
				.orElseThrow(() -> new IllegalStateException(
						property + ": no token type '" + prefix + "' (built-in sk, pk, rk, or under bearer.types)"));
			TokenPolicy base = apply(TokenPolicy.NONE, policy, property, type);
			builder.type(prefix, base);
			policy.getEnvironments().forEach((code, settings) -> {
				String environmentProperty = property + ".environments." + code;
				TokenEnvironment environment;
				try {
					environment = TokenEnvironment.fromCode(code);
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalStateException(
							environmentProperty + ": unknown environment '" + code + "' (expected test or live)");
				}
				TokenPolicy overridden = apply(base, settings, environmentProperty, type);
				builder.environment(prefix, environment, typePolicy -> overridden);
			});
		});
		return builder.build();
	}

	private static TokenPolicy apply(TokenPolicy policy, PolicySettings settings, String property, TokenType type) {
		TokenPolicy applied = policy;
		if (settings.getMaxLifetime() != null) {
			Duration maxLifetime = positive(settings.getMaxLifetime(), property + ".max-lifetime");
			if (type.defaultLifetime() != null && type.defaultLifetime().compareTo(maxLifetime) > 0) {
				throw new IllegalStateException(property + ".max-lifetime (" + maxLifetime
						+ ") is shorter than the default lifetime of '" + type.prefix() + "' keys ("
						+ type.defaultLifetime() + "); shorten bearer.types." + type.prefix() + ".lifetime");
			}
			applied = applied.withMaxLifetime(maxLifetime);
		}
		if (settings.getIdleExpiry() != null) {
			applied = applied.withIdleExpiry(positive(settings.getIdleExpiry(), property + ".idle-expiry"));
		}
		if (settings.getRequireExpiry() != null) {
			applied = applied.withRequireExpiry(settings.getRequireExpiry());
		}
		return applied;
	}

	private static Duration positive(Duration duration, String property) {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalStateException(property + " must be positive (was " + duration + ")");
		}
		return duration;
	}

}
