package dev.bearer.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.bearer.core.token.HashAlgorithm;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenServiceSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Configuration of Bearer, under {@code bearer.*}. */
@ConfigurationProperties("bearer")
public class BearerProperties {

	/** How tokens are issued and stored. */
	private final Tokens tokens = new Tokens();

	/** Custom token types by prefix (e.g. {@code ci}); an entry named sk, pk or rk replaces the built-in. */
	private final Map<String, TokenTypeProperties> types = new LinkedHashMap<>();

	/** Bearer's database schema. */
	private final Schema schema = new Schema();

	/** How tokens are issued and stored. */
	public Tokens getTokens() {
		return this.tokens;
	}

	/** Custom token types by prefix. */
	public Map<String, TokenTypeProperties> getTypes() {
		return this.types;
	}

	/** Bearer's database schema. */
	public Schema getSchema() {
		return this.schema;
	}

	/** How tokens are issued and stored. */
	public static class Tokens {

		/** Digest new tokens are stored with; existing tokens keep the one they were issued with. */
		private HashAlgorithm hashAlgorithm = HashAlgorithm.SHA256;

		/** Largest metadata accepted on a token, measured as JSON. */
		private DataSize maxMetadataSize = DataSize.ofBytes(TokenServiceSettings.DEFAULT_MAX_METADATA_BYTES);

		public HashAlgorithm getHashAlgorithm() {
			return this.hashAlgorithm;
		}

		public void setHashAlgorithm(HashAlgorithm hashAlgorithm) {
			this.hashAlgorithm = hashAlgorithm;
		}

		public DataSize getMaxMetadataSize() {
			return this.maxMetadataSize;
		}

		public void setMaxMetadataSize(DataSize maxMetadataSize) {
			this.maxMetadataSize = maxMetadataSize;
		}

	}

	/** One configured token type. */
	public static class TokenTypeProperties {

		/** Human-readable name of the type; defaults to its prefix. */
		private String displayName;

		/** Abilities given to a token issued without explicit abilities. */
		private List<String> abilities = new ArrayList<>(List.of("*"));

		/** Lifetime of a token issued without an expiry; unset means tokens never expire. */
		private Duration lifetime;

		/** Requests per minute allowed for a token issued without a rate limit; unset means unlimited. */
		private Integer rateLimitPerMinute;

		/** Environments a token of this type may be issued for. */
		private Set<TokenEnvironment> environments = EnumSet.allOf(TokenEnvironment.class);

		/** Whether requests that carry a browser Origin header are refused for this type. */
		private boolean serverSideOnly;

		public String getDisplayName() {
			return this.displayName;
		}

		public void setDisplayName(String displayName) {
			this.displayName = displayName;
		}

		public List<String> getAbilities() {
			return this.abilities;
		}

		public void setAbilities(List<String> abilities) {
			this.abilities = abilities;
		}

		public Duration getLifetime() {
			return this.lifetime;
		}

		public void setLifetime(Duration lifetime) {
			this.lifetime = lifetime;
		}

		public Integer getRateLimitPerMinute() {
			return this.rateLimitPerMinute;
		}

		public void setRateLimitPerMinute(Integer rateLimitPerMinute) {
			this.rateLimitPerMinute = rateLimitPerMinute;
		}

		public Set<TokenEnvironment> getEnvironments() {
			return this.environments;
		}

		public void setEnvironments(Set<TokenEnvironment> environments) {
			this.environments = environments;
		}

		public boolean isServerSideOnly() {
			return this.serverSideOnly;
		}

		public void setServerSideOnly(boolean serverSideOnly) {
			this.serverSideOnly = serverSideOnly;
		}

	}

	/** Bearer's database schema. */
	public static class Schema {

		/** Whether Bearer applies its Flyway migrations at startup (history table bearer_schema_history). */
		private boolean migrate = true;

		public boolean isMigrate() {
			return this.migrate;
		}

		public void setMigrate(boolean migrate) {
			this.migrate = migrate;
		}

	}

}
