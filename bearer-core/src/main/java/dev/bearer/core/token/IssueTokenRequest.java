package dev.bearer.core.token;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to issue: built with {@link #builder(TokenOwner, String)}; every setting left out
 * takes the token type's default ({@code sk}, {@code test} environment unless set).
 *
 * @param owner who the token belongs to
 * @param name a human-readable name
 * @param type the type prefix, e.g. {@code sk}
 * @param environment test or live
 * @param abilities explicit abilities, or {@code null} for the type's defaults
 * @param expiresAt explicit expiry, or {@code null} for the type's default lifetime
 * @param metadata free-form data, or {@code null}
 * @param allowedIps IPs and CIDR blocks requests may come from, or {@code null} for any
 * @param allowedDomains domains requests may come from, or {@code null} for any
 * @param rateLimitPerMinute explicit rate limit, or {@code null} for the type's default
 * @param quota requests per day or month, or credits, or {@code null} for no quota
 * @param groupId the group to put the token in, or {@code null}
 */
public record IssueTokenRequest(TokenOwner owner, String name, String type, TokenEnvironment environment,
		List<String> abilities, Instant expiresAt, Map<String, Object> metadata, List<String> allowedIps,
		List<String> allowedDomains, Integer rateLimitPerMinute, TokenQuota quota, Long groupId) {

	/** Starts a request for a token of {@code owner} called {@code name}. */
	public static Builder builder(TokenOwner owner, String name) {
		return new Builder(owner, name);
	}

	/** Builds an {@link IssueTokenRequest}. */
	public static final class Builder {

		private final TokenOwner owner;

		private final String name;

		private String type = TokenType.SECRET.prefix();

		private TokenEnvironment environment = TokenEnvironment.TEST;

		private List<String> abilities;

		private Instant expiresAt;

		private Map<String, Object> metadata;

		private List<String> allowedIps;

		private List<String> allowedDomains;

		private Integer rateLimitPerMinute;

		private TokenQuota quota;

		private Long groupId;

		private Builder(TokenOwner owner, String name) {
			this.owner = Objects.requireNonNull(owner, "owner must not be null");
			this.name = name;
		}

		/** The type prefix, e.g. {@code pk}; default {@code sk}. */
		public Builder type(String type) {
			this.type = type;
			return this;
		}

		/** The environment; default test. */
		public Builder environment(TokenEnvironment environment) {
			this.environment = environment;
			return this;
		}

		/** The abilities, replacing the type's defaults. */
		public Builder abilities(Collection<String> abilities) {
			this.abilities = List.copyOf(abilities);
			return this;
		}

		/** The abilities, replacing the type's defaults. */
		public Builder abilities(String... abilities) {
			return abilities(List.of(abilities));
		}

		/** When the token stops working, replacing the type's default lifetime. */
		public Builder expiresAt(Instant expiresAt) {
			this.expiresAt = expiresAt;
			return this;
		}

		/** Free-form data stored with the token. */
		public Builder metadata(Map<String, Object> metadata) {
			this.metadata = metadata;
			return this;
		}

		/** IPs and CIDR blocks requests may come from. */
		public Builder allowedIps(Collection<String> allowedIps) {
			this.allowedIps = List.copyOf(allowedIps);
			return this;
		}

		/** Domains ({@code *.example.com} wildcards allowed) requests may come from. */
		public Builder allowedDomains(Collection<String> allowedDomains) {
			this.allowedDomains = List.copyOf(allowedDomains);
			return this;
		}

		/** Requests allowed per minute, replacing the type's default. */
		public Builder rateLimitPerMinute(Integer rateLimitPerMinute) {
			this.rateLimitPerMinute = rateLimitPerMinute;
			return this;
		}

		/** Requests per calendar day or month, or credits; default none. */
		public Builder quota(TokenQuota quota) {
			this.quota = quota;
			return this;
		}

		/** The group to put the token in; it must belong to the same owner. */
		public Builder groupId(Long groupId) {
			this.groupId = groupId;
			return this;
		}

		/** The request. */
		public IssueTokenRequest build() {
			return new IssueTokenRequest(this.owner, this.name, this.type, this.environment, this.abilities,
					this.expiresAt, this.metadata, this.allowedIps, this.allowedDomains, this.rateLimitPerMinute,
					this.quota, this.groupId);
		}

	}

}
