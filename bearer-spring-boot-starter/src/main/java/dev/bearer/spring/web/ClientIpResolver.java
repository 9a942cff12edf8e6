package dev.bearer.spring.web;

import java.util.Collections;
import java.util.List;

import dev.bearer.core.token.IpRange;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Finds the client IP of a request. The socket's remote address is the client unless it
 * is a trusted proxy; then the hops the proxies appended are read from the right,
 * skipping trusted proxies, and the first untrusted address is the client. The hops are
 * those of {@code X-Forwarded-For} (every line) when it names any, else those of RFC 7239
 * {@code Forwarded} ({@code for=} of every element). A hop that names no IP literal
 * ({@code unknown}, an obfuscated or garbled node) ends the walk: the client is then the
 * trusted proxy that appended it, as far as anyone can tell. With no trusted proxies,
 * headers are ignored. The answer is always an IP literal without port or brackets, or
 * {@code null} when the remote address itself is none; host names are never resolved.
 */
public final class ClientIpResolver {

	/**
	 * Characters of a forwarding header (all its lines) read, from the right; hops
	 * further left are ignored.
	 */
	public static final int MAX_FORWARDED_LENGTH = 2048;

	/** The de-facto header most proxies append the client's address to. */
	public static final String X_FORWARDED_FOR = "X-Forwarded-For";

	/** The RFC 7239 header. */
	public static final String FORWARDED = "Forwarded";

	private final List<IpRange> trustedProxies;

	/**
	 * A resolver that trusts forwarding headers only from {@code trustedProxies} (IPs or
	 * CIDR blocks).
	 */
	public ClientIpResolver(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies.stream().map(IpRange::parse).toList();
	}

	/** The client IP of {@code request}, or {@code null} when it has none. */
	public String resolve(HttpServletRequest request) {
		String peer = ForwardedHops.address(request.getRemoteAddr());
		if (peer == null || !isTrusted(peer)) {
			return peer;
		}
		String client = peer;
		for (String node : hops(request)) {
			String hop = ForwardedHops.address(node);
			if (hop == null) {
				return client;
			}
			client = hop;
			if (!isTrusted(hop)) {
				return hop;
			}
		}
		return client;
	}

	/**
	 * The hops of {@code X-Forwarded-For} when it names any, else of {@code Forwarded},
	 * nearest first.
	 */
	private static List<String> hops(HttpServletRequest request) {
		List<String> forwardedFor = ForwardedHops
			.ofXForwardedFor(Collections.list(request.getHeaders(X_FORWARDED_FOR)));
		return forwardedFor.isEmpty() ? ForwardedHops.ofForwarded(Collections.list(request.getHeaders(FORWARDED)))
				: forwardedFor;
	}

	private boolean isTrusted(String address) {
		for (IpRange range : this.trustedProxies) {
			if (range.contains(address)) {
				return true;
			}
		}
		return false;
	}

}
