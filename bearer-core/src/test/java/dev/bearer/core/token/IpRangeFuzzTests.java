package dev.bearer.core.token;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

import dev.bearer.core.test.Fuzz;
import dev.bearer.core.test.FuzzInput;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link IpRange} on thousands of generated entries and addresses: parsing refuses with
 * {@link IllegalArgumentException} only, matching never throws, only text made of literal
 * characters is ever handed to the JDK (so nothing is resolved), and CIDR matching agrees
 * with a bit-by-bit comparison.
 */
class IpRangeFuzzTests {

	@Test
	void arbitraryTextIsParsedOrRefusedWithIllegalArgumentException() {
		Fuzz.check("parse/contains/isAddress(arbitrary)", 20_000, (input) -> {
			String text = input.chance(50) ? input.string(80) : addressLike(input);
			try {
				IpRange range = IpRange.parse(text);
				assertThat(text).matches("[0-9A-Fa-f:.]+(/\\d{1,3})?");
				range.contains(addressLike(input));
			}
			catch (IllegalArgumentException ex) {
				assertThat(ex.getMessage()).isNotBlank();
			}
			if (IpRange.isAddress(text)) {
				assertThat(text).as("only literal characters reach the JDK").matches("[0-9A-Fa-f:.]+");
			}
			if (IpRange.parse("::/0").contains(text) || IpRange.parse("0.0.0.0/0").contains(text)) {
				assertThat(IpRange.isAddress(text)).isTrue();
			}
		});
	}

	@Test
	void cidrBlocksMatchExactlyTheAddressesThatShareTheirPrefix() {
		Fuzz.check("cidr contains", 20_000, (input) -> {
			int bytes = input.oneOf(4, 16);
			byte[] network = bytes(input, bytes);
			int prefix = input.between(0, bytes * 8);
			byte[] candidate = input.chance(50) ? network.clone() : bytes(input, bytes);
			if (input.chance(50)) {
				int bit = input.between(0, bytes * 8 - 1);
				candidate[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
			}
			IpRange range = IpRange.parse(text(network) + "/" + prefix);
			boolean expected = sharePrefix(network, candidate, prefix);
			if (!isIpv4Mapped(candidate) && !isIpv4Mapped(network)) {
				assertThat(range.contains(text(candidate))).isEqualTo(expected);
			}
			assertThat(IpRange.isAddress(text(candidate))).isTrue();
		});
	}

	@Test
	void prefixLongerThanTheAddressIsRefused() {
		Fuzz.check("prefix bounds", 2_000, (input) -> {
			int bytes = input.oneOf(4, 16);
			byte[] network = bytes(input, bytes);
			if (!isIpv4Mapped(network)) {
				assertThatIllegalArgumentException()
					.isThrownBy(() -> IpRange.parse(text(network) + "/" + input.between(bytes * 8 + 1, 999)));
			}
		});
	}

	/** Text shaped like an address, a CIDR block or a near miss of one. */
	static String addressLike(FuzzInput input) {
		StringBuilder text = new StringBuilder();
		int parts = input.between(1, 9);
		for (int i = 0; i < parts; i++) {
			if (i > 0) {
				text.append(input.oneOf(".", ":", "::", ".", ":"));
			}
			text.append(input.chance(70) ? String.valueOf(input.between(0, 300))
					: input.of("0123456789abcdefABCDEFx", input.between(0, 5)));
		}
		if (input.chance(30)) {
			text.append(input.oneOf("/", "//", "/0", "/-1")).append(input.between(0, 200));
		}
		return input.oneOf(text.toString(), " " + text, text + "%eth0", "[" + text + "]");
	}

	private static byte[] bytes(FuzzInput input, int length) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = (byte) input.between(0, 255);
		}
		return bytes;
	}

	private static String text(byte[] address) {
		try {
			return InetAddress.getByAddress(address).getHostAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Whether {@code address} is IPv4-mapped IPv6, which the JDK and IpRange read as
	 * IPv4.
	 */
	private static boolean isIpv4Mapped(byte[] address) {
		if (address.length != 16 || address[10] != (byte) 0xFF || address[11] != (byte) 0xFF) {
			return false;
		}
		for (int i = 0; i < 10; i++) {
			if (address[i] != 0) {
				return false;
			}
		}
		return true;
	}

	private static boolean sharePrefix(byte[] network, byte[] candidate, int prefix) {
		int bits = network.length * 8;
		BigInteger mask = (prefix == 0) ? BigInteger.ZERO
				: BigInteger.ONE.shiftLeft(prefix).subtract(BigInteger.ONE).shiftLeft(bits - prefix);
		return new BigInteger(1, network).and(mask).equals(new BigInteger(1, candidate).and(mask));
	}

}
