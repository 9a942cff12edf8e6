package dev.bearer.core.token;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One entry of a token's domain allow-list: {@code example.com} or a
 * {@code *.example.com} wildcard.
 */
public final class DomainPattern {

	private static final Pattern HOST = Pattern
		.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

	private final String host;

	private final boolean wildcard;

	private DomainPattern(String host, boolean wildcard) {
		this.host = host;
		this.wildcard = wildcard;
	}

	/**
	 * Parses {@code example.com}, {@code api.example.com} or {@code *.example.com}.
	 * @throws IllegalArgumentException if the text is not a host name or a leading-label
	 * wildcard
	 */
	public static DomainPattern parse(String text) {
		if (text == null) {
			throw new IllegalArgumentException("A domain pattern must not be null");
		}
		String lower = text.toLowerCase(Locale.ROOT);
		boolean wildcard = lower.startsWith("*.");
		String host = wildcard ? lower.substring(2) : lower;
		if (!HOST.matcher(host).matches() || (wildcard && !host.contains("."))) {
			throw new IllegalArgumentException("'" + text + "' is not a domain name or a *.domain wildcard");
		}
		return new DomainPattern(host, wildcard);
	}

	/**
	 * Whether the host name {@code candidate} matches; a wildcard matches subdomains
	 * only, not the bare domain.
	 */
	public boolean matches(String candidate) {
		if (candidate == null) {
			return false;
		}
		String lower = candidate.toLowerCase(Locale.ROOT);
		return this.wildcard ? lower.endsWith("." + this.host) : lower.equals(this.host);
	}

	/**
	 * Whether every host {@code other} matches is matched by this pattern too, e.g.
	 * {@code *.example.com} covers {@code api.example.com} and {@code *.eu.example.com}.
	 */
	public boolean covers(DomainPattern other) {
		if (!this.wildcard) {
			return !other.wildcard && other.host.equals(this.host);
		}
		return other.host.endsWith("." + this.host) || (other.wildcard && other.host.equals(this.host));
	}

}
