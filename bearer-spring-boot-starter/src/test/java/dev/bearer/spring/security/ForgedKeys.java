package dev.bearer.spring.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * Keys an attacker can forge from the public token format: a type, an environment, 32
 * random base62 characters and the CRC32 checksum of all that in 6 base62 characters, as
 * {@code TokenFormat} computes it. They pass the format check and so cost a lookup each,
 * unless something stops them first.
 */
final class ForgedKeys {

	private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

	private final SecureRandom random = new SecureRandom();

	/** A new checksum-valid {@code sk_test_} key that no stored token has. */
	String next() {
		StringBuilder key = new StringBuilder("sk_test_");
		for (int i = 0; i < 32; i++) {
			key.append(BASE62[this.random.nextInt(BASE62.length)]);
		}
		CRC32 crc = new CRC32();
		crc.update(key.toString().getBytes(StandardCharsets.US_ASCII));
		long value = crc.getValue();
		char[] checksum = new char[6];
		for (int i = checksum.length - 1; i >= 0; i--) {
			checksum[i] = BASE62[(int) (value % BASE62.length)];
			value /= BASE62.length;
		}
		return key.append(checksum).toString();
	}

}
