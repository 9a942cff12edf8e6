package dev.bearer.core.token;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored token as the API exposes it: everything but the hash.
 *
 * @param id the token's id
 * @param owner who the token belongs to
 * @param name a human-readable name
 * @param type the type prefix, e.g. {@code sk}
 * @param environment test or live
 * @param displayPrefix the non-secret start of the token string, e.g.
 * {@code sk_live_4fGh}
 * @param hashAlgorithm the digest the token is stored with
 * @param abilities what the token may do; {@code *} means everything
 * @param metadata free-form data attached at issue
 * @param allowedIps the IPs and CIDR blocks requests may come from; empty means any
 * @param allowedDomains the domains requests may come from; empty means any
 * @param rateLimitPerMinute requests allowed per minute, or {@code null} for no limit
 * @param quota requests allowed per day or month, or credits, or {@code null} for no
 * quota
 * @param groupId the group the token belongs to, or {@code null}
 * @param parentId the token this one was derived from, or {@code null}
 * @param expiresAt when the token stops working, or {@code null} for never
 * @param lastUsedAt when the token last authenticated a request, or {@code null}
 * @param revokedAt when the token was (or will be) revoked, or {@code null}
 * @param createdAt when the token was issued
 * @param updatedAt when the token last changed
 */
public record Token(Long id, TokenOwner owner, String name, String type, TokenEnvironment environment,
		String displayPrefix, HashAlgorithm hashAlgorithm, List<String> abilities, Map<String, Object> metadata,
		List<String> allowedIps, List<String> allowedDomains, Integer rateLimitPerMinute, TokenQuota quota,
		Long groupId, Long parentId, Instant expiresAt, Instant lastUsedAt, Instant revokedAt, Instant createdAt,
		Instant updatedAt) {

	/** Copies the collections so the view stays immutable. */
	public Token {
		abilities = (abilities != null) ? List.copyOf(abilities) : List.of();
		metadata = (metadata != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(metadata)) : Map.of();
		allowedIps = (allowedIps != null) ? List.copyOf(allowedIps) : List.of();
		allowedDomains = (allowedDomains != null) ? List.copyOf(allowedDomains) : List.of();
	}

	/** Whether the token's revocation has taken effect at {@code now}. */
	public boolean isRevoked(Instant now) {
		return this.revokedAt != null && !this.revokedAt.isAfter(now);
	}

	/**
	 * Whether the token has expired at {@code now}; a token expiring exactly now is
	 * expired.
	 */
	public boolean isExpired(Instant now) {
		return this.expiresAt != null && !this.expiresAt.isAfter(now);
	}

	/** Whether the token can authenticate at {@code now}. */
	public boolean isActive(Instant now) {
		return !isRevoked(now) && !isExpired(now);
	}

	/** Whether the token grants {@code ability}, directly or through {@code *}. */
	public boolean can(String ability) {
		return this.abilities.contains("*") || this.abilities.contains(ability);
	}

}
