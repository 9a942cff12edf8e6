package dev.bearer.spring.security;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.firewall.RequestRejectedException;

/**
 * Reads {@code Authorization: Bearer <key>} as RFC 6750 §2.1 describes (the scheme is
 * case-insensitive), and optionally the {@code access_token} query parameter (§2.3, off
 * by default). Only credentials shaped like a Bearer key ({@code type_environment_…}, see
 * {@link #isBearerKey(String)}) are claimed: a JWT or any other bearer credential is left
 * to the rest of the chain (e.g. an OAuth2 resource server). A key beside any other
 * credential (a second header line of any scheme, or a header and an {@code access_token}
 * parameter where parameters are read), two bearer headers or parameters, or a header
 * over the length bound, is an {@code invalid_request}. Another scheme (e.g. Basic) on
 * its own is not Bearer's business.
 */
public final class DefaultBearerKeyResolver implements BearerKeyResolver {

	/** The query parameter RFC 6750 names. */
	public static final String ACCESS_TOKEN_PARAMETER = "access_token";

	private static final String SCHEME = "Bearer";

	private final String headerName;

	private final boolean allowQueryParameter;

	private final int maxHeaderLength;

	/** A resolver reading {@code headerName}, and {@code access_token} when allowed. */
	public DefaultBearerKeyResolver(String headerName, boolean allowQueryParameter, int maxHeaderLength) {
		this.headerName = headerName;
		this.allowQueryParameter = allowQueryParameter;
		this.maxHeaderLength = maxHeaderLength;
	}

	/**
	 * {@inheritDoc}
	 * @throws RequestRejectedException when Spring Security's firewall rejects a value
	 * read; unlike the firewall's own, its message never holds the value (which may hold
	 * a key)
	 */
	@Override
	public String resolve(HttpServletRequest request) {
		List<String> headers;
		String[] parameters;
		try {
			headers = nonBlank(request.getHeaders(this.headerName));
			parameters = parameters(request);
		}
		catch (RequestRejectedException ex) {
			throw new RequestRejectedException("The request was rejected because its " + this.headerName
					+ " header or access_token parameter holds a value that is not allowed");
		}
		String fromHeader = fromHeader(headers);
		String fromParameter = fromParameter(parameters);
		String key = (fromHeader != null) ? fromHeader : fromParameter;
		if (key != null && headers.size() > 1) {
			throw new InvalidBearerRequestException(
					"Found a bearer key and another credential in the " + this.headerName + " header");
		}
		if (key != null && !headers.isEmpty() && parameters.length > 0) {
			throw new InvalidBearerRequestException(
					"Found credentials in the " + this.headerName + " header and in the access_token parameter");
		}
		return key;
	}

	/**
	 * Whether {@code credential} has the shape of a Bearer key: a lowercase type, an
	 * environment and the secret, separated by underscores ({@code sk_live_…}). A JWT
	 * never has it (it starts with {@code eyJ}); whether the key is valid is for
	 * authentication to decide.
	 */
	public static boolean isBearerKey(String credential) {
		if (credential == null || credential.isEmpty() || !isLowercaseLetter(credential.charAt(0))) {
			return false;
		}
		int length = credential.length();
		int index = 1;
		while (index < length && (isLowercaseLetter(credential.charAt(index)) || isDigit(credential.charAt(index)))) {
			index++;
		}
		if (index == length || credential.charAt(index) != '_') {
			return false;
		}
		int environment = ++index;
		while (index < length && isLowercaseLetter(credential.charAt(index))) {
			index++;
		}
		if (index == environment || index == length || credential.charAt(index) != '_') {
			return false;
		}
		return indexOfSpace(credential, index + 1) == length;
	}

	/** The values that are not blank, in order (usually none or one). */
	private static List<String> nonBlank(Enumeration<String> values) {
		List<String> nonBlank = new ArrayList<>(1);
		while (values.hasMoreElements()) {
			String value = values.nextElement();
			if (!value.isBlank()) {
				nonBlank.add(value);
			}
		}
		return nonBlank;
	}

	private String fromHeader(List<String> headers) {
		String header = null;
		for (String candidate : headers) {
			if (!isBearerScheme(candidate)) {
				continue;
			}
			if (header != null) {
				throw new InvalidBearerRequestException(
						"Found more than one bearer token in the " + this.headerName + " header");
			}
			header = candidate;
		}
		if (header == null) {
			return null;
		}
		if (header.length() > this.maxHeaderLength) {
			throw new InvalidBearerRequestException(
					"The " + this.headerName + " header is longer than " + this.maxHeaderLength + " characters");
		}
		String credential = credential(header);
		if (credential == null || credential.isEmpty()) {
			throw new InvalidBearerRequestException("The Bearer scheme carries no token");
		}
		return isBearerKey(credential) ? credential : null;
	}

	/** The {@code access_token} values of {@code request}, when they are read. */
	private String[] parameters(HttpServletRequest request) {
		String[] values = (this.allowQueryParameter && "GET".equals(request.getMethod()))
				? request.getParameterValues(ACCESS_TOKEN_PARAMETER) : null;
		return (values != null) ? values : new String[0];
	}

	private String fromParameter(String[] values) {
		if (values.length == 0) {
			return null;
		}
		if (values.length > 1) {
			throw new InvalidBearerRequestException("Found more than one access_token parameter");
		}
		if (values[0].isEmpty() || values[0].length() > this.maxHeaderLength) {
			throw new InvalidBearerRequestException("The access_token parameter is empty or too long");
		}
		return isBearerKey(values[0]) ? values[0] : null;
	}

	/**
	 * Whether the header value uses the Bearer scheme (case-insensitive), whatever
	 * credential it carries.
	 */
	public static boolean isBearerScheme(String header) {
		return header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
				&& (header.length() == SCHEME.length() || Character.isWhitespace(header.charAt(SCHEME.length())));
	}

	/**
	 * The credential of a header value in the Bearer scheme: after the scheme, one or
	 * more spaces, the credential (no whitespace), and nothing but whitespace after it;
	 * empty when only whitespace follows the spaces, {@code null} when the value has any
	 * other shape (no space after the scheme, or more after the credential).
	 */
	private static String credential(String header) {
		int length = header.length();
		int start = SCHEME.length();
		while (start < length && header.charAt(start) == ' ') {
			start++;
		}
		int end = indexOfSpace(header, start);
		if (indexOfNonSpace(header, end) != length) {
			return null;
		}
		return (start > SCHEME.length()) ? header.substring(start, end) : null;
	}

	/**
	 * The index of the first whitespace character at or after {@code from}, or the
	 * length.
	 */
	private static int indexOfSpace(String value, int from) {
		int index = from;
		while (index < value.length() && !isSpace(value.charAt(index))) {
			index++;
		}
		return index;
	}

	/** The index of the first other character at or after {@code from}, or the length. */
	private static int indexOfNonSpace(String value, int from) {
		int index = from;
		while (index < value.length() && isSpace(value.charAt(index))) {
			index++;
		}
		return index;
	}

	/** Whitespace as Java's regular expressions' {@code \s} sees it (ASCII only). */
	private static boolean isSpace(char c) {
		return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
	}

	private static boolean isLowercaseLetter(char c) {
		return c >= 'a' && c <= 'z';
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

}
