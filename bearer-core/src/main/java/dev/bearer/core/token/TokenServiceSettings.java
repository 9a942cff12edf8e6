package dev.bearer.core.token;

import java.util.Objects;

/**
 * Settings of {@link TokenService}.
 *
 * @param hashAlgorithm the digest new tokens are stored with; existing tokens keep theirs
 * @param maxMetadataBytes the largest metadata accepted, measured as JSON
 * @param maxDerivationDepth the largest depth of a derived key (a key issued directly has
 * depth 0, its children 1); 0 forbids derivation
 * @param policies the lifetime and idle policies of each type and environment
 */
public record TokenServiceSettings(HashAlgorithm hashAlgorithm, int maxMetadataBytes, int maxDerivationDepth,
		TokenPolicies policies) {

	/** The default metadata bound: 8 KiB of JSON. */
	public static final int DEFAULT_MAX_METADATA_BYTES = 8 * 1024;

	/**
	 * The default derivation depth: a key, its children, grandchildren and their
	 * children.
	 */
	public static final int DEFAULT_MAX_DERIVATION_DEPTH = 3;

	/** The deepest derivation allowed by any setting. */
	public static final int MAX_DERIVATION_DEPTH = 32;

	/** SHA-256 and the default metadata and derivation bounds. */
	public static final TokenServiceSettings DEFAULTS = new TokenServiceSettings(HashAlgorithm.SHA256,
			DEFAULT_MAX_METADATA_BYTES, DEFAULT_MAX_DERIVATION_DEPTH);

	/** These settings with the default derivation depth and no policies. */
	public TokenServiceSettings(HashAlgorithm hashAlgorithm, int maxMetadataBytes) {
		this(hashAlgorithm, maxMetadataBytes, DEFAULT_MAX_DERIVATION_DEPTH);
	}

	/** These settings with no policies. */
	public TokenServiceSettings(HashAlgorithm hashAlgorithm, int maxMetadataBytes, int maxDerivationDepth) {
		this(hashAlgorithm, maxMetadataBytes, maxDerivationDepth, TokenPolicies.NONE);
	}

	/** Validates the settings. */
	public TokenServiceSettings {
		Objects.requireNonNull(hashAlgorithm, "hashAlgorithm must not be null");
		Objects.requireNonNull(policies, "policies must not be null");
		if (maxMetadataBytes < 1) {
			throw new IllegalArgumentException("maxMetadataBytes must be positive");
		}
		if (maxDerivationDepth < 0 || maxDerivationDepth > MAX_DERIVATION_DEPTH) {
			throw new IllegalArgumentException("maxDerivationDepth must be between 0 and " + MAX_DERIVATION_DEPTH
					+ " (was " + maxDerivationDepth + ")");
		}
	}

	/** These settings with {@code policies} instead. */
	public TokenServiceSettings withPolicies(TokenPolicies policies) {
		return new TokenServiceSettings(this.hashAlgorithm, this.maxMetadataBytes, this.maxDerivationDepth, policies);
	}

}
