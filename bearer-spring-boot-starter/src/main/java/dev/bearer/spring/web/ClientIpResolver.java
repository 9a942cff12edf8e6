package dev.bearer.spring.web;

import java.util.List;

import dev.bearer.core.token.IpRange;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Finds the client IP of a request. The socket's remote address is the client unless it is a
 * trusted proxy; then {@code X-Forwarded-For} is read from the right, skipping trusted proxies,
 * and the first untrusted address is the client. With no trusted proxies, headers are ignored.
 */
public final class ClientIpResolver {

	/** Longest {@code X-Forwarded-For} header read; a longer one is ignored. */
	public static final int MAX_FORWARDED_FOR_LENGTH = 2048;

	private static final String FORWARDED_FOR = "X-Forwarded-For";

	private final List<IpRange> trustedProxies;

	/** A resolver that trusts forwarding headers only from {@code trustedProxies} (IPs or CIDR blocks). */
	public ClientIpResolver(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies.stream().map(IpRange::parse).toList();
	}

	/** The client IP of {@code request}. */
	public String resolve(HttpServletRequest request) {
		String remote = request.getRemoteAddr();
		if (!isTrusted(remote)) {
			return remote;
		}
		String forwarded = request.getHeader(FORWARDED_FOR);
		if (forwarded == null || forwarded.length() > MAX_FORWARDED_FOR_LENGTH) {
			return remote;
		}
		String[] hops = forwarded.split(",");
		for (int i = hops.length - 1; i >= 0; i--) {
			String hop = hops[i].trim();
			if (!hop.isEmpty() && !isTrusted(hop)) {
				return hop;
			}
		}
		return remote;
	}

	private boolean isTrusted(String address) {
		return this.trustedProxies.stream().anyMatch(range -> range.contains(address));
	}

}
