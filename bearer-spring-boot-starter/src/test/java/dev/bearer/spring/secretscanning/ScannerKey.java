package dev.bearer.spring.secretscanning;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * A signing key pair made for one test run (EC secp256r1), standing in for GitHub's: its
 * public key as configuration takes it and signatures as GitHub sends them.
 */
final class ScannerKey {

	private final KeyPair pair;

	private ScannerKey(KeyPair pair) {
		this.pair = pair;
	}

	/** A new P-256 key pair. */
	static ScannerKey generate() {
		return generate("EC", new ECGenParameterSpec("secp256r1"));
	}

	/** A new key pair of {@code algorithm} with {@code parameters}. */
	static ScannerKey generate(String algorithm, AlgorithmParameterSpec parameters) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
			generator.initialize(parameters);
			return new ScannerKey(generator.generateKeyPair());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The public key as a PEM block. */
	String publicKeyPem() {
		return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
			.encodeToString(this.pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
	}

	/** The base64 DER SHA256withECDSA signature of {@code body}. */
	String sign(byte[] body) {
		try {
			Signature signer = Signature.getInstance("SHA256withECDSA");
			signer.initSign(this.pair.getPrivate());
			signer.update(body);
			return Base64.getEncoder().encodeToString(signer.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
