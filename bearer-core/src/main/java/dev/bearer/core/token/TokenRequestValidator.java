package dev.bearer.core.token;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks an {@link IssueTokenRequest} and fills in its type's defaults; refuses with the
 * name of the bad field.
 */
final class TokenRequestValidator {

	static final int MAX_NAME_LENGTH = 255;

	static final int MAX_ABILITIES = 100;

	static final int MAX_ABILITY_LENGTH = 255;

	static final int MAX_ALLOW_LIST_ENTRIES = 100;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final TokenTypeRegistry types;

	private final int maxMetadataBytes;

	private final TokenPolicies policies;

	TokenRequestValidator(TokenTypeRegistry types, int maxMetadataBytes, TokenPolicies policies) {
		this.types = types;
		this.maxMetadataBytes = maxMetadataBytes;
		this.policies = policies;
	}

	TokenSpec validate(IssueTokenRequest request, Instant now) {
		String name = name(request.name());
		TokenType type = this.types.find(request.type())
			.orElseThrow(() -> new InvalidTokenRequestException("type", "unknown token type '" + request.type() + "'"));
		TokenEnvironment environment = request.environment();
		if (environment == null) {
			throw new InvalidTokenRequestException("environment", "must not be null");
		}
		if (!type.allows(environment)) {
			throw new InvalidTokenRequestException("environment",
					"type '" + type.prefix() + "' does not allow environment '" + environment.code() + "'");
		}
		Instant expiresAt = withinPolicy(expiresAt(request.expiresAt(), type, now), type, environment, now);
		List<String> abilities = abilities(
				(request.abilities() != null) ? request.abilities() : type.defaultAbilities());
		Integer rateLimit = rateLimit((request.rateLimitPerMinute() != null) ? request.rateLimitPerMinute()
				: type.defaultRateLimitPerMinute());
		return new TokenSpec(request.owner(), name, type, environment, abilities, expiresAt,
				metadata(request.metadata()), allowedIps(request.allowedIps()),
				allowedDomains(request.allowedDomains()), rateLimit, quota(request.quota()), request.groupId());
	}

	private static String name(String name) {
		if (name == null || name.isBlank()) {
			throw new InvalidTokenRequestException("name", "must not be blank");
		}
		if (name.length() > MAX_NAME_LENGTH) {
			throw new InvalidTokenRequestException("name", "must be at most " + MAX_NAME_LENGTH + " characters");
		}
		return name;
	}

	private static Instant expiresAt(Instant requested, TokenType type, Instant now) {
		if (requested == null) {
			return (type.defaultLifetime() != null) ? now.plus(type.defaultLifetime()) : null;
		}
		if (!requested.isAfter(now)) {
			throw new InvalidTokenRequestException("expiresAt", "must be in the future (was " + requested + ")");
		}
		return requested;
	}

	/**
	 * Refuses an expiry the policy of {@code type}'s keys in {@code environment} does not
	 * allow: none when one is required, or one beyond the maximum lifetime.
	 */
	private Instant withinPolicy(Instant expiresAt, TokenType type, TokenEnvironment environment, Instant now) {
		TokenPolicy policy = this.policies.policyFor(type.prefix(), environment);
		if (expiresAt == null && policy.expiryRequired()) {
			throw new InvalidTokenRequestException("expiresAt",
					"is required for " + describe(type, environment) + " by the token policy");
		}
		if (policy.maxLifetime() != null && expiresAt.isAfter(now.plus(policy.maxLifetime()))) {
			throw new InvalidTokenRequestException("expiresAt", "must be at most " + policy.maxLifetime()
					+ " from now for " + describe(type, environment) + " (was " + expiresAt + ")");
		}
		return expiresAt;
	}

	/**
	 * The expiry of a key replacing one of {@code type} in {@code environment} that
	 * expires at {@code current}: the same, shortened to the maximum lifetime; a key
	 * without an expiry where the policy requires one gets the maximum lifetime, else the
	 * type's default lifetime. Never later than {@code current}.
	 * @throws InvalidTokenRequestException naming {@code expiresAt} when the policy
	 * requires an expiry and gives none to apply
	 */
	Instant replacementExpiry(TokenType type, TokenEnvironment environment, Instant current, Instant now) {
		TokenPolicy policy = this.policies.policyFor(type.prefix(), environment);
		Instant expiresAt = current;
		if (policy.maxLifetime() != null) {
			Instant latest = now.plus(policy.maxLifetime());
			if (expiresAt == null || expiresAt.isAfter(latest)) {
				expiresAt = latest;
			}
		}
		if (expiresAt == null && policy.expiryRequired()) {
			if (type.defaultLifetime() == null) {
				throw new InvalidTokenRequestException("expiresAt", "is required for " + describe(type, environment)
						+ " by the token policy, and neither a maximum lifetime nor the type's lifetime gives one");
			}
			expiresAt = now.plus(type.defaultLifetime());
		}
		return expiresAt;
	}

	private static String describe(TokenType type, TokenEnvironment environment) {
		return "'" + type.prefix() + "' keys in " + environment.code();
	}

	private static List<String> abilities(List<String> abilities) {
		if (abilities.size() > MAX_ABILITIES) {
			throw new InvalidTokenRequestException("abilities", "at most " + MAX_ABILITIES + " abilities");
		}
		for (String ability : abilities) {
			if (ability == null || ability.isBlank() || ability.length() > MAX_ABILITY_LENGTH) {
				throw new InvalidTokenRequestException("abilities",
						"each ability must be 1 to " + MAX_ABILITY_LENGTH + " non-blank characters");
			}
		}
		return List.copyOf(abilities);
	}

	private static Integer rateLimit(Integer rateLimit) {
		if (rateLimit != null && rateLimit < 1) {
			throw new InvalidTokenRequestException("rateLimitPerMinute", "must be at least 1 (was " + rateLimit + ")");
		}
		return rateLimit;
	}

	/**
	 * Checks a quota's limit: 1 to {@link TokenQuota#MAX_LIMIT}; {@code null} is no
	 * quota.
	 */
	static TokenQuota quota(TokenQuota quota) {
		if (quota != null && (quota.limit() < 1 || quota.limit() > TokenQuota.MAX_LIMIT)) {
			throw new InvalidTokenRequestException("quota",
					"limit must be 1 to " + TokenQuota.MAX_LIMIT + " (was " + quota.limit() + ")");
		}
		return quota;
	}

	private Map<String, Object> metadata(Map<String, Object> metadata) {
		if (metadata == null) {
			return null;
		}
		try {
			int size = JSON.writeValueAsString(metadata).getBytes(StandardCharsets.UTF_8).length;
			if (size > this.maxMetadataBytes) {
				throw new InvalidTokenRequestException("metadata",
						"must be at most " + this.maxMetadataBytes + " bytes as JSON (was " + size + ")");
			}
		}
		catch (JacksonException ex) {
			throw new InvalidTokenRequestException("metadata",
					"must be serialisable as JSON: " + ex.getOriginalMessage());
		}
		return new LinkedHashMap<>(metadata);
	}

	private static List<String> allowedIps(List<String> entries) {
		return allowList("allowedIps", entries, IpRange::parse);
	}

	private static List<String> allowedDomains(List<String> entries) {
		return allowList("allowedDomains", entries, DomainPattern::parse);
	}

	private static List<String> allowList(String field, List<String> entries, Consumer<String> parser) {
		if (entries == null || entries.isEmpty()) {
			return null;
		}
		if (entries.size() > MAX_ALLOW_LIST_ENTRIES) {
			throw new InvalidTokenRequestException(field, "at most " + MAX_ALLOW_LIST_ENTRIES + " entries");
		}
		List<String> checked = new ArrayList<>(entries.size());
		for (String entry : entries) {
			try {
				parser.accept(entry);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidTokenRequestException(field, ex.getMessage());
			}
			checked.add(entry);
		}
		return checked;
	}

	/** A request that passed validation, with the type's defaults applied. */
	record TokenSpec(TokenOwner owner, String name, TokenType type, TokenEnvironment environment,
			List<String> abilities, Instant expiresAt, Map<String, Object> metadata, List<String> allowedIps,
			List<String> allowedDomains, Integer rateLimitPerMinute, TokenQuota quota, Long groupId) {
	}

}
