package dev.bearer.spring.secretscanning;

import java.nio.charset.StandardCharsets;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** Signature checks of secret-scanning reports, with key pairs made for each test. */
class SecretScanningSignaturesTests {

	private static final byte[] BODY = "[{\"token\":\"sk_live_x\",\"type\":\"bearer_key\",\"url\":\"\",\"source\":\"commit\"}]"
		.getBytes(StandardCharsets.UTF_8);

	private final ScannerKey github = ScannerKey.generate();

	private final SecretScanningSignatures signatures = new SecretScanningSignatures(
			Map.of("key-1", this.github.publicKeyPem()));

	@Test
	void bodySignedByTheNamedKeyIsAccepted() {
		assertThatNoException().isThrownBy(() -> this.signatures.verify("key-1", this.github.sign(BODY), BODY));
	}

	@Test
	void keyWithoutLineBreaksIsAcceptedToo() {
		String oneLine = this.github.publicKeyPem().replace("\n", "");
		SecretScanningSignatures signatures = new SecretScanningSignatures(Map.of("key-1", oneLine));

		assertThatNoException().isThrownBy(() -> signatures.verify("key-1", this.github.sign(BODY), BODY));
	}

	@Test
	void bodyChangedAfterSigningIsRefused() {
		byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("commit", "commix")
			.getBytes(StandardCharsets.UTF_8);

		assertRefused("key-1", this.github.sign(BODY), tampered, "does not match the request body");
	}

	@Test
	void bodySignedByAnotherKeyIsRefused() {
		assertRefused("key-1", ScannerKey.generate().sign(BODY), BODY, "does not match the request body");
	}

	@Test
	void unknownKeyIdentifierIsRefused() {
		assertRefused("key-2", this.github.sign(BODY), BODY, "names no configured key");
	}

	@Test
	void missingHeadersAreRefusedNamingTheHeader() {
		assertRefused(null, this.github.sign(BODY), BODY, "Github-Public-Key-Identifier header is required");
		assertRefused("key-1", null, BODY, "Github-Public-Key-Signature header is required");
		assertRefused(" ", this.github.sign(BODY), BODY, "Github-Public-Key-Identifier header is required");
	}

	@Test
	void signatureThatIsNotBase64IsRefused() {
		assertRefused("key-1", "not*base64", BODY, "is not base64");
	}

	@Test
	void signatureThatIsNotDerIsRefused() {
		String garbage = Base64.getEncoder().encodeToString(new byte[] { 0x30, 0x05, 0x02, 0x01 });

		assertRefused("key-1", garbage, BODY, "does not match the request body");
	}

	@Test
	void configuredKeyThatIsNotPemIsRefusedNamingItsIdentifier() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SecretScanningSignatures(Map.of("key-9", "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE")))
			.withMessageContaining("bearer.secret-scanning.public-keys[key-9]")
			.withMessageContaining("is not a PEM public key");
	}

	@Test
	void configuredKeyWithBrokenContentIsRefusedNamingItsIdentifier() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SecretScanningSignatures(
					Map.of("key-9", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")))
			.withMessageContaining("bearer.secret-scanning.public-keys[key-9] is not a readable EC public key");
	}

	@Test
	void configuredKeyOnAnotherCurveOrAlgorithmIsRefused() {
		String p384 = ScannerKey.generate("EC", new ECGenParameterSpec("secp384r1")).publicKeyPem();
		String rsa = ScannerKey.generate("RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4))
			.publicKeyPem();

		assertThatIllegalArgumentException().isThrownBy(() -> new SecretScanningSignatures(Map.of("p384", p384)))
			.withMessageContaining("bearer.secret-scanning.public-keys[p384] is not on the P-256 curve");
		assertThatIllegalArgumentException().isThrownBy(() -> new SecretScanningSignatures(Map.of("rsa", rsa)))
			.withMessageContaining("bearer.secret-scanning.public-keys[rsa] is not a readable EC public key");
	}

	private void assertRefused(String keyIdentifier, String signature, byte[] body, String detail) {
		assertThatExceptionOfType(SecretScanningRefusal.class)
			.isThrownBy(() -> this.signatures.verify(keyIdentifier, signature, body))
			.withMessageContaining(detail)
			.satisfies(refusal -> assertThat(refusal.status()).isEqualTo(HttpStatus.UNAUTHORIZED));
	}

}
