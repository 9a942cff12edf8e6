package dev.bearer.core.token;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** One entry of a token's IP allow-list: a single IPv4/IPv6 address or a CIDR block. */
public final class IpRange {

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
	 * Parses a literal address: dotted-quad IPv4 by hand (the common case, on every
	 * request), IPv6 through the JDK after a pattern that admits only text it parses as a
	 * literal, never as a host name.
	 */
	private static Optional<byte[]> literal(String address) {
		if (address == null || address.isEmpty() || address.length() > 45) {
			return Optional.empty();
		}
		if (address.indexOf(':') < 0) {
			return Optional.ofNullable(dottedQuad(address));
		}
		if (!IPV6.matcher(address).matches()) {
			return Optional.empty();
		}
		try {
			return Optional.of(normalise(InetAddress.getByName(address).getAddress()));
		}
		catch (UnknownHostException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The four bytes of {@code text} when it is four decimal octets (0 to 255, no leading
	 * zero) separated by dots, else {@code null}.
	 */
	private static byte[] dottedQuad(String text) {
		byte[] bytes = new byte[4];
		int position = 0;
		for (int octet = 0; octet < 4; octet++) {
			if (octet > 0 && (position >= text.length() || text.charAt(position++) != '.')) {
				return null;
			}
			int start = position;
			int value = 0;
			while (position < text.length() && position - start < 3 && isDigit(text.charAt(position))) {
				value = value * 10 + (text.charAt(position++) - '0');
			}
			int digits = position - start;
			if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
				return null;
			}
			bytes[octet] = (byte) value;
		}
		return (position == text.length()) ? bytes : null;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
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
