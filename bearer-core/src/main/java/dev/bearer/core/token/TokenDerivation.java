package dev.bearer.core.token;

import java.time.Instant;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;

import dev.bearer.core.token.TokenRequestValidator.TokenSpec;

/**
 * Checks a {@link DeriveTokenRequest} against its parent: the child takes the parent's
 * owner, type and environment, and may only narrow its abilities, lifetime, allow-lists
 * and rate limit; refuses with the name of the bad field.
 */
final class TokenDerivation {

	private final TokenRequestValidator validator;

	private final int maxDepth;

	TokenDerivation(TokenRequestValidator validator, int maxDepth) {
		this.validator = validator;
		this.maxDepth = maxDepth;
	}

	/** The largest depth a derived key may have (a key issued directly has depth 0). */
	int maxDepth() {
		return this.maxDepth;
	}

	/**
	 * The child's settings, with the parent's where the request leaves them out.
	 * @param parentDepth how many ancestors the parent has
	 */
	TokenSpec derive(Token parent, int parentDepth, DeriveTokenRequest request, Instant now) {
		if (!parent.isActive(now)) {
			throw new TokenStateException("Token " + parent.id() + " is "
					+ (parent.isRevoked(now) ? "revoked" : "expired") + " and cannot derive keys");
		}
		if (parentDepth >= this.maxDepth) {
			throw new InvalidTokenRequestException("parentId", "token " + parent.id() + " is at derivation depth "
					+ parentDepth + " and the maximum depth is " + this.maxDepth);
		}
		if (parent.quota() != null) {
			throw new InvalidTokenRequestException("parentId",
					"token " + parent.id() + " has a quota, and keys derived from it would not count against it");
		}
		Instant parentEnd = end(parent, now);
		TokenSpec spec = this.validator.validate(new IssueTokenRequest(parent.owner(), request.name(), parent.type(),
				parent.environment(), or(request.abilities(), parent.abilities()), or(request.expiresAt(), parentEnd),
				or(request.metadata(), parent.metadata()), or(request.allowedIps(), parent.allowedIps()),
				or(request.allowedDomains(), parent.allowedDomains()),
				or(request.rateLimitPerMinute(), parent.rateLimitPerMinute()), null, null), now);
		checkAbilities(parent, spec.abilities());
		if (parentEnd != null && (spec.expiresAt() == null || spec.expiresAt().isAfter(parentEnd))) {
			throw new InvalidTokenRequestException("expiresAt",
					"must be no later than the parent's end " + parentEnd + " (was " + spec.expiresAt() + ")");
		}
		checkWithin("allowedIps", parent.allowedIps(), spec.allowedIps(), IpRange::parse, IpRange::covers);
		checkWithin("allowedDomains", parent.allowedDomains(), spec.allowedDomains(), DomainPattern::parse,
				DomainPattern::covers);
		if (parent.rateLimitPerMinute() != null && spec.rateLimitPerMinute() > parent.rateLimitPerMinute()) {
			throw new InvalidTokenRequestException("rateLimitPerMinute", "must be at most the parent's "
					+ parent.rateLimitPerMinute() + " (was " + spec.rateLimitPerMinute() + ")");
		}
		return spec;
	}

	/**
	 * When the parent stops working: its expiry or its scheduled revocation, whichever
	 * comes first; {@code null} for never.
	 */
	private static Instant end(Token parent, Instant now) {
		Instant revokedAt = (parent.revokedAt() != null && parent.revokedAt().isAfter(now)) ? parent.revokedAt() : null;
		if (parent.expiresAt() == null || revokedAt == null) {
			return (parent.expiresAt() != null) ? parent.expiresAt() : revokedAt;
		}
		return parent.expiresAt().isBefore(revokedAt) ? parent.expiresAt() : revokedAt;
	}

	private static void checkAbilities(Token parent, List<String> abilities) {
		if (parent.abilities().contains("*")) {
			return;
		}
		for (String ability : abilities) {
			if (!parent.abilities().contains(ability)) {
				throw new InvalidTokenRequestException("abilities",
						"'" + ability + "' is not an ability of parent token " + parent.id());
			}
		}
	}

	private static <T> void checkWithin(String field, List<String> parentEntries, List<String> childEntries,
			Function<String, T> parser, BiPredicate<T, T> covers) {
		if (parentEntries.isEmpty()) {
			return;
		}
		if (childEntries == null) {
			throw new InvalidTokenRequestException(field, "must not be empty: the parent allows only " + parentEntries);
		}
		List<T> parents = parentEntries.stream().map(parser).toList();
		for (String entry : childEntries) {
			T child = parser.apply(entry);
			if (parents.stream().noneMatch(parent -> covers.test(parent, child))) {
				throw new InvalidTokenRequestException(field,
						"'" + entry + "' is not within the parent's " + parentEntries);
			}
		}
	}

	private static <T> T or(T requested, T inherited) {
		return (requested != null) ? requested : inherited;
	}

}
