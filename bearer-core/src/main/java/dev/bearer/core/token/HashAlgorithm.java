package dev.bearer.core.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The digest used to store a token; each token records the algorithm it was hashed with.
 */
public enum HashAlgorithm {

	/** SHA-256, stored as 64 hex characters. */
	SHA256("SHA-256"),
	/** SHA-512, stored as 128 hex characters. */
	SHA512("SHA-512");

	private final String jcaName;

	HashAlgorithm(String jcaName) {
		this.jcaName = jcaName;
	}

	/** Returns the lowercase hex digest of {@code plaintext}. */
	public String hash(String plaintext) {
		try {
			byte[] digest = MessageDigest.getInstance(this.jcaName).digest(plaintext.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(this.jcaName + " is not available in this JVM", ex);
		}
	}

	/**
	 * Compares a computed digest with a stored one in time independent of where they
	 * differ.
	 */
	public static boolean digestsMatch(String computed, String stored) {
		return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
				stored.getBytes(StandardCharsets.US_ASCII));
	}

}
