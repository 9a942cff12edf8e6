package dev.bearer.core.token;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** One entry of a token's IP allow-list: a single IPv4/IPv6 address or a CIDR block. */
public final class IpRange {

	private static final Pattern IPV4 = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	private static final Pattern PREFIX_DIGITS = Pattern.compile("0|[1-9]\\d{0,2}");

	private static final Pattern IPV6 = Pattern
		.compile("(?=.*:)[0-9A-Fa-f:]{2,39}|(?=.*:)[0-9A-Fa-f:]{2,29}:(\\d{1,3}\\.){3}\\d{1,3}");

	private final byte[] network;

	private final int prefixLength;

	private IpRange(byte[] network, int prefixLength) {
		this.network = network;
		this.prefixLength = prefixLength;
	}

	/**
	 * Parses {@code 203.0.113.7}, {@code 10.0.0.0/8}, {@code 2001:db8::1} or
	 * {@code 2001:db8::/32}.
	 * @throws IllegalArgumentException if the text is not an address or CIDR block
	 */
	public static IpRange parse(String text) {
		if (text == null) {
			throw new IllegalArgumentException("An IP range must not be null");
		}
		int slash = text.indexOf('/');
		String address = (slash < 0) ? text : text.substring(0, slash);
		byte[] bytes = literal(address).orElseThrow(
				() -> new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address or CIDR block"));
		int maxPrefix = bytes.length * 8;
		int prefix = (slash < 0) ? maxPrefix : prefixLength(text, text.substring(slash + 1), maxPrefix);
		return new IpRange(bytes, prefix);
	}

	/**
	 * Whether {@code text} is one IPv4 or IPv6 address literal, such as
	 * {@code 203.0.113.7} or {@code 2001:db8::1}: no host name (nothing is ever
	 * resolved), no port, no brackets, no zone, no CIDR suffix.
	 */
	public static boolean isAddress(String text) {
		return literal(text).isPresent();
	}

	/** Whether {@code address} (a literal IP, never a host name) lies in this range. */
	public boolean contains(String address) {
		Optional<byte[]> candidate = literal(address);
		if (candidate.isEmpty() || candidate.get().length != this.network.length) {
			return false;
		}
		return inNetwork(candidate.get());
	}

	/**
	 * Whether every address of {@code other} lies in this range (an address covers only
	 * itself).
	 */
	public boolean covers(IpRange other) {
		return other.network.length == this.network.length && other.prefixLength >= this.prefixLength
				&& inNetwork(other.network);
	}

	private boolean inNetwork(byte[] bytes) {
		int fullBytes = this.prefixLength / 8;
		for (int i = 0; i < fullBytes; i++) {
			if (bytes[i] != this.network[i]) {
				return false;
			}
		}
		int remainingBits = this.prefixLength % 8;
		if (remainingBits == 0) {
			return true;
		}
		int mask = (0xFF << (8 - remainingBits)) & 0xFF;
		return (bytes[fullBytes] & mask) == (this.network[fullBytes] & mask);
	}

	private static int prefixLength(String text, String digits, int maxPrefix) {
		if (!PREFIX_DIGITS.matcher(digits).matches() || Integer.parseInt(digits) > maxPrefix) {
			throw new IllegalArgumentException("'" + text + "' has an invalid prefix length (0 to " + maxPrefix + ")");
		}
		return Integer.parseInt(digits);
	}

	/**
	 * Parses a literal address; the patterns admit only text the JDK parses as a literal,
	 * never as a host name.
	 */
	private static Optional<byte[]> literal(String address) {
		if (address == null || address.isEmpty() || address.length() > 45
				|| !(IPV4.matcher(address).matches() || IPV6.matcher(address).matches())) {
			return Optional.empty();
		}
		try {
			return Optional.of(normalise(InetAddress.getByName(address).getAddress()));
		}
		catch (UnknownHostException ex) {
			return Optional.empty();
		}
	}

	private static byte[] normalise(byte[] bytes) {
		boolean ipv4Mapped = bytes.length == 16;
		for (int i = 0; ipv4Mapped && i < 10; i++) {
			ipv4Mapped = bytes[i] == 0;
		}
		if (ipv4Mapped && bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF) {
			return new byte[] { bytes[12], bytes[13], bytes[14], bytes[15] };
		}
		return bytes;
	}

}
