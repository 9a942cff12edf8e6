package dev.bearer.core.token;

import java.util.Objects;

/**
 * Settings of {@link TokenService}.
 *
 * @param hashAlgorithm the digest new tokens are stored with; existing tokens keep theirs
 * @param maxMetadataBytes the largest metadata accepted, measured as JSON
 */
public record TokenServiceSettings(HashAlgorithm hashAlgorithm, int maxMetadataBytes) {

	/** The default metadata bound: 8 KiB of JSON. */
	public static final int DEFAULT_MAX_METADATA_BYTES = 8 * 1024;

	/** SHA-256 and the default metadata bound. */
	public static final TokenServiceSettings DEFAULTS = new TokenServiceSettings(HashAlgorithm.SHA256,
			DEFAULT_MAX_METADATA_BYTES);

	/** Validates the settings. */
	public TokenServiceSettings {
		Objects.requireNonNull(hashAlgorithm, "hashAlgorithm must not be null");
		if (maxMetadataBytes < 1) {
			throw new IllegalArgumentException("maxMetadataBytes must be positive");
		}
	}

}
