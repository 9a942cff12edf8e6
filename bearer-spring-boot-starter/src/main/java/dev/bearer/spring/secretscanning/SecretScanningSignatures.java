package dev.bearer.spring.secretscanning;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * Verifies the signature GitHub puts on a secret-scanning report: the
 * {@value #SIGNATURE_HEADER} header holds the base64 of an ASN.1 DER ECDSA signature
 * (P-256, SHA-256) of the raw body, by the key named in {@value #KEY_IDENTIFIER_HEADER}.
 * The keys come from configuration (GitHub publishes them at
 * {@code https://api.github.com/meta/public_keys/secret_scanning}), so verification never
 * needs the network.
 */
public final class SecretScanningSignatures {

	/** The header naming the key that signed the report. */
	public static final String KEY_IDENTIFIER_HEADER = "Github-Public-Key-Identifier";

	/** The header holding the report's signature. */
	public static final String SIGNATURE_HEADER = "Github-Public-Key-Signature";

	/** The signature algorithm: ECDSA over P-256 with SHA-256, DER-encoded signatures. */
	public static final String ALGORITHM = "SHA256withECDSA";

	private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";

	private static final String PEM_END = "-----END PUBLIC KEY-----";

	private final Map<String, PublicKey> keys;

	/**
	 * Verifies with {@code pemKeys}, PEM public keys ({@value #PEM_BEGIN}) by key
	 * identifier.
	 * @throws IllegalArgumentException naming the key identifier of a key that is not a
	 * PEM ECDSA P-256 public key
	 */
	public SecretScanningSignatures(Map<String, String> pemKeys) {
		Map<String, PublicKey> keys = new LinkedHashMap<>();
		pemKeys.forEach((identifier, pem) -> keys.put(identifier, parse(identifier, pem)));
		this.keys = Map.copyOf(keys);
	}

	/**
	 * Checks that {@code body} was signed, as {@code signature} (base64) says, by the key
	 * named {@code keyIdentifier}.
	 * @throws SecretScanningRefusal 401 when a header is missing, the key is unknown, or
	 * the signature is malformed or does not match the body
	 */
	public void verify(String keyIdentifier, String signature, byte[] body) throws SecretScanningRefusal {
		if (keyIdentifier == null || keyIdentifier.isBlank()) {
			throw unauthorized("The " + KEY_IDENTIFIER_HEADER + " header is required.");
		}
		if (signature == null || signature.isBlank()) {
			throw unauthorized("The " + SIGNATURE_HEADER + " header is required.");
		}
		PublicKey key = this.keys.get(keyIdentifier);
		if (key == null) {
			throw unauthorized("The " + KEY_IDENTIFIER_HEADER + " header names no configured key.");
		}
		byte[] der;
		try {
			der = Base64.getDecoder().decode(signature.strip());
		}
		catch (IllegalArgumentException ex) {
			throw unauthorized("The " + SIGNATURE_HEADER + " header is not base64.");
		}
		if (!matches(key, der, body)) {
			throw unauthorized("The " + SIGNATURE_HEADER + " header does not match the request body.");
		}
	}

	private static boolean matches(PublicKey key, byte[] der, byte[] body) {
		try {
			Signature verifier = Signature.getInstance(ALGORITHM);
			verifier.initVerify(key);
			verifier.update(body);
			return verifier.verify(der);
		}
		catch (SignatureException ex) {
			return false;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ALGORITHM + " is not available in this JVM", ex);
		}
	}

	private static SecretScanningRefusal unauthorized(String detail) {
		return new SecretScanningRefusal(HttpStatus.UNAUTHORIZED, detail);
	}

	private static PublicKey parse(String identifier, String pem) {
		String text = (pem != null) ? pem.strip() : "";
		if (!text.startsWith(PEM_BEGIN) || !text.endsWith(PEM_END)) {
			throw invalidKey(identifier, "is not a PEM public key (" + PEM_BEGIN + " … " + PEM_END + ")", null);
		}
		String base64 = text.substring(PEM_BEGIN.length(), text.length() - PEM_END.length()).replaceAll("\\s", "");
		PublicKey key;
		try {
			key = KeyFactory.getInstance("EC")
				.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw invalidKey(identifier, "is not a readable EC public key", ex);
		}
		if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams())) {
			throw invalidKey(identifier, "is not on the P-256 curve", null);
		}
		return key;
	}

	private static boolean isP256(ECParameterSpec parameters) {
		try {
			AlgorithmParameters p256 = AlgorithmParameters.getInstance("EC");
			p256.init(new ECGenParameterSpec("secp256r1"));
			ECParameterSpec expected = p256.getParameterSpec(ECParameterSpec.class);
			return expected.getCurve().equals(parameters.getCurve())
					&& expected.getOrder().equals(parameters.getOrder())
					&& expected.getGenerator().equals(parameters.getGenerator());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("secp256r1 is not available in this JVM", ex);
		}
	}

	private static IllegalArgumentException invalidKey(String identifier, String problem, Exception cause) {
		return new IllegalArgumentException("bearer.secret-scanning.public-keys[" + identifier + "] " + problem
				+ ((cause != null) ? " (" + cause.getMessage() + ")" : ""), cause);
	}

}
