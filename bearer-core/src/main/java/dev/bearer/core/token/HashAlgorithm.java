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

	private final MessageDigest prototype;

	HashAlgorithm(String jcaName) {
		this.jcaName = jcaName;
		try {
			this.prototype = MessageDigest.getInstance(jcaName);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(jcaName + " is not available in this JVM", ex);
		}
	}

	/** Returns the lowercase hex digest of {@code plaintext}. */
	public String hash(String plaintext) {
		byte[] digest = newDigest().digest(plaintext.getBytes(StandardCharsets.UTF_8));
		return HexFormat.of().formatHex(digest);
	}

	/**
	 * A fresh digest, cloned from one made at startup rather than looked up among the
	 * security providers on every call.
	 */
	private MessageDigest newDigest() {
		try {
			return (MessageDigest) this.prototype.clone();
		}
		catch (CloneNotSupportedException ex) {
			try {
				return MessageDigest.getInstance(this.jcaName);
			}
			catch (NoSuchAlgorithmException unavailable) {
				throw new IllegalStateException(this.jcaName + " is not available in this JVM", unavailable);
			}
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
