package dev.bearer.spring.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The domain a browser request comes from: the host of {@code Origin}, else of
 * {@code Referer}.
 *
 * @param host the host name, lowercase, or {@code null} when neither header names one
 * @param fromBrowserOrigin whether the request carried an {@code Origin} header
 * (including the opaque {@code null} origin of sandboxed frames and local files)
 */
public record RequestDomain(String host, boolean fromBrowserOrigin) {

	/** Longest Origin or Referer header read; a longer one counts as absent. */
	public static final int MAX_HEADER_LENGTH = 2048;

	/** Reads the domain of {@code request}. */
	public static RequestDomain of(HttpServletRequest request) {
		String origin = bounded(request.getHeader("Origin"));
		String host = hostOf(origin);
		if (host == null) {
			host = hostOf(bounded(request.getHeader("Referer")));
		}
		return new RequestDomain(host, origin != null);
	}

	private static String bounded(String header) {
		return (header != null && header.length() <= MAX_HEADER_LENGTH) ? header : null;
	}

	private static String hostOf(String url) {
		if (url == null) {
			return null;
		}
		try {
			String host = new URI(url).getHost();
			return (host != null) ? host.toLowerCase(Locale.ROOT) : null;
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

}
