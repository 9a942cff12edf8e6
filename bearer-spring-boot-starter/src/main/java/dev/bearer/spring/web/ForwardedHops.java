package dev.bearer.spring.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.bearer.core.token.IpRange;

/**
 * Reads the hops of the forwarding headers proxies append to, nearest first: the
 * comma-separated entries of {@code X-Forwarded-For}, and the {@code for} parameter of
 * each RFC 7239 {@code Forwarded} element. Only the rightmost
 * {@value ClientIpResolver#MAX_FORWARDED_LENGTH} characters of a header's lines are read,
 * and they are read from the right, so what the client put further left can neither push
 * out nor swallow (with an unterminated quote) the hops a proxy appended. Empty list
 * elements are skipped (RFC 9110 §5.6.1). A node names an address only as an IP literal,
 * optionally with a port where the port is unambiguous ({@code 203.0.113.7:443},
 * {@code [2001:db8::1]:443}); nothing is ever resolved.
 */
final class ForwardedHops {

	private static final Pattern PORT = Pattern.compile("\\d{1,5}|_[A-Za-z0-9._-]+");

	private ForwardedHops() {
	}

	/** The nodes named by the {@code X-Forwarded-For} lines, nearest first. */
	static List<String> ofXForwardedFor(List<String> lines) {
		List<String> nodes = new ArrayList<>();
		for (String element : rightmostElements(lines)) {
			if (!element.isBlank()) {
				nodes.add(element.trim());
			}
		}
		return nodes;
	}

	/**
	 * The nodes named by the {@code for} parameters of the {@code Forwarded} lines,
	 * nearest first; an element without exactly one {@code for} parameter names the empty
	 * node (no address).
	 */
	static List<String> ofForwarded(List<String> lines) {
		List<String> nodes = new ArrayList<>();
		for (String element : rightmostElements(lines)) {
			if (!element.isBlank()) {
				nodes.add(forNode(element));
			}
		}
		return nodes;
	}

	/**
	 * The IP literal {@code node} names, without brackets or port, or {@code null} when
	 * it names none ({@code unknown}, an obfuscated identifier, a host name, garbage). An
	 * IPv6 address carries a port only in brackets: {@code 2001:db8::1:443} is one
	 * address.
	 */
	static String address(String node) {
		if (node == null) {
			return null;
		}
		String text = node.trim();
		if (text.startsWith("[")) {
			int close = text.indexOf(']');
			if (close < 0) {
				return null;
			}
			String address = text.substring(1, close);
			String rest = text.substring(close + 1);
			boolean portOk = rest.isEmpty() || (rest.charAt(0) == ':' && isPort(rest.substring(1)));
			return (portOk && address.indexOf(':') >= 0 && IpRange.isAddress(address)) ? address : null;
		}
		int colon = text.indexOf(':');
		if (colon >= 0 && colon == text.lastIndexOf(':')) {
			String address = text.substring(0, colon);
			return (isPort(text.substring(colon + 1)) && IpRange.isAddress(address)) ? address : null;
		}
		return IpRange.isAddress(text) ? text : null;
	}

	/** A port number (0 to 65535) or an RFC 7239 obfuscated port ({@code _abc}). */
	private static boolean isPort(String text) {
		return PORT.matcher(text).matches() && (text.charAt(0) == '_' || Integer.parseInt(text) <= 65535);
	}

	/**
	 * The comma-separated elements of the rightmost characters of {@code lines}, nearest
	 * first; when the lines were cut, the leftmost (partial) element is left out.
	 */
	private static List<String> rightmostElements(List<String> lines) {
		String joined = String.join(",", lines);
		boolean cut = joined.length() > ClientIpResolver.MAX_FORWARDED_LENGTH;
		String tail = cut ? joined.substring(joined.length() - ClientIpResolver.MAX_FORWARDED_LENGTH) : joined;
		List<String> elements = splitFromTheRight(tail, ',');
		if (cut) {
			elements.remove(elements.size() - 1);
		}
		return elements;
	}

	/** The {@code for} value of one {@code Forwarded} element, unquoted. */
	private static String forNode(String element) {
		String node = null;
		for (String pair : splitFromTheRight(element, ';')) {
			int equals = pair.indexOf('=');
			if (equals > 0 && pair.substring(0, equals).trim().equalsIgnoreCase("for")) {
				if (node != null) {
					return "";
				}
				node = unquoted(pair.substring(equals + 1).trim());
			}
		}
		return (node != null) ? node : "";
	}

	/**
	 * Splits {@code text} at every {@code separator} outside quoted strings, scanning
	 * from the right: the parts are returned nearest (rightmost) first.
	 */
	private static List<String> splitFromTheRight(String text, char separator) {
		List<String> parts = new ArrayList<>();
		boolean quoted = false;
		int end = text.length();
		for (int i = text.length() - 1; i >= 0; i--) {
			char c = text.charAt(i);
			if (c == '"' && !(quoted && isEscaped(text, i))) {
				quoted = !quoted;
			}
			else if (c == separator && !quoted) {
				parts.add(text.substring(i + 1, end));
				end = i;
			}
		}
		parts.add(text.substring(0, end));
		return parts;
	}

	/** Whether the quote at {@code index} is preceded by an odd number of backslashes. */
	private static boolean isEscaped(String text, int index) {
		int backslashes = 0;
		for (int i = index - 1; i >= 0 && text.charAt(i) == '\\'; i--) {
			backslashes++;
		}
		return backslashes % 2 == 1;
	}

	/**
	 * The value of an RFC 7230 token or quoted string; an unterminated quoted string
	 * names no node.
	 */
	private static String unquoted(String value) {
		if (!value.startsWith("\"")) {
			return value;
		}
		if (value.length() < 2 || !value.endsWith("\"") || isEscaped(value, value.length() - 1)) {
			return "";
		}
		StringBuilder unquoted = new StringBuilder(value.length());
		for (int i = 1; i < value.length() - 1; i++) {
			char c = value.charAt(i);
			if (c == '\\' && i + 1 < value.length() - 1) {
				c = value.charAt(++i);
			}
			unquoted.append(c);
		}
		return unquoted.toString();
	}

}
