package dev.bearer.core.token;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What to derive from a parent key: built with {@link #builder(String)}; every setting
 * left out takes the parent's value. The child always has the parent's owner, type and
 * environment, and may only narrow the rest.
 *
 * @param name a human-readable name
 * @param abilities a subset of the parent's abilities, or {@code null} for all of them
 * @param expiresAt no later than the parent's expiry, or {@code null} for the parent's
 * @param metadata free-form data, or {@code null} for the parent's
 * @param allowedIps ranges within the parent's, or {@code null} for the parent's
 * @param allowedDomains domains within the parent's, or {@code null} for the parent's
 * @param rateLimitPerMinute no higher than the parent's, or {@code null} for the parent's
 */
public record DeriveTokenRequest(String name, List<String> abilities, Instant expiresAt, Map<String, Object> metadata,
		List<String> allowedIps, List<String> allowedDomains, Integer rateLimitPerMinute) {

	/** Starts a request for a child key called {@code name}. */
	public static Builder builder(String name) {
		return new Builder(name);
	}

	/** Builds a {@link DeriveTokenRequest}. */
	public static final class Builder {

		private final String name;

		private List<String> abilities;

		private Instant expiresAt;

		private Map<String, Object> metadata;

		private List<String> allowedIps;

		private List<String> allowedDomains;

		private Integer rateLimitPerMinute;

		private Builder(String name) {
			this.name = name;
		}

		/** The abilities, a subset of the parent's. */
		public Builder abilities(Collection<String> abilities) {
			this.abilities = List.copyOf(abilities);
			return this;
		}

		/** The abilities, a subset of the parent's. */
		public Builder abilities(String... abilities) {
			return abilities(List.of(abilities));
		}

		/** When the child stops working, no later than the parent. */
		public Builder expiresAt(Instant expiresAt) {
			this.expiresAt = expiresAt;
			return this;
		}

		/** Free-form data stored with the child, replacing the parent's. */
		public Builder metadata(Map<String, Object> metadata) {
			this.metadata = metadata;
			return this;
		}

		/** IPs and CIDR blocks within the parent's. */
		public Builder allowedIps(Collection<String> allowedIps) {
			this.allowedIps = List.copyOf(allowedIps);
			return this;
		}

		/** Domains within the parent's. */
		public Builder allowedDomains(Collection<String> allowedDomains) {
			this.allowedDomains = List.copyOf(allowedDomains);
			return this;
		}

		/** Requests allowed per minute, no more than the parent's. */
		public Builder rateLimitPerMinute(Integer rateLimitPerMinute) {
			this.rateLimitPerMinute = rateLimitPerMinute;
			return this;
		}

		/** The request. */
		public DeriveTokenRequest build() {
			return new DeriveTokenRequest(this.name, this.abilities, this.expiresAt, this.metadata, this.allowedIps,
					this.allowedDomains, this.rateLimitPerMinute);
		}

	}

}
