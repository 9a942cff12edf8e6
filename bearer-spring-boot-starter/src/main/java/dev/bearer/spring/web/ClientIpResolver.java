package dev.bearer.spring.web;

import java.util.Collections;
import java.util.List;

import dev.bearer.core.token.IpRange;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Finds the client IP of a request. The socket's remote address is the client unless it
 * is a trusted proxy; then every {@code X-Forwarded-For} line is read, from the right,
 * skipping trusted proxies, and the first untrusted address is the client. With no
 * trusted proxies, headers are ignored.
 */
public final class ClientIpResolver {

	/**
	 * Characters of {@code X-Forwarded-For} read, from the right; hops further left are
	 * ignored.
	 */
	public static final int MAX_FORWARDED_FOR_LENGTH = 2048;

	private static final String FORWARDED_FOR = "X-Forwarded-For";

	private final List<IpRange> trustedProxies;

	/**
	 * A resolver that trusts forwarding headers only from {@code trustedProxies} (IPs or
	 * CIDR blocks).
	 */
	public ClientIpResolver(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies.stream().map(IpRange::parse).toList();
	}

	/** The client IP of {@code request}. */
	public String resolve(HttpServletRequest request) {
		String remote = request.getRemoteAddr();
		if (!isTrusted(remote)) {
			return remote;
		}
		String[] hops = rightmostHops(String.join(",", Collections.list(request.getHeaders(FORWARDED_FOR))));
		for (int i = hops.length - 1; i >= 0; i--) {
			String hop = hops[i].trim();
			if (!hop.isEmpty() && !isTrusted(hop)) {
				return hop;
			}
		}
		return remote;
	}

	/**
	 * The hops of every {@code X-Forwarded-For} line, in order. Only the rightmost
	 * {@value #MAX_FORWARDED_FOR_LENGTH} characters are read: the hops a trusted proxy
	 * appended are at the end, and a client padding the header cannot push them out.
	 */
	private static String[] rightmostHops(String forwarded) {
		if (forwarded.length() <= MAX_FORWARDED_FOR_LENGTH) {
			return forwarded.split(",");
		}
		String tail = forwarded.substring(forwarded.length() - MAX_FORWARDED_FOR_LENGTH);
		return tail.substring(tail.indexOf(',') + 1).split(",");
	}

	private boolean isTrusted(String address) {
		return this.trustedProxies.stream().anyMatch(range -> range.contains(address));
	}

}
