package dev.bearer.spring.autoconfigure;

/**
 * The web server rewrites remote addresses from forwarding headers while
 * {@code bearer.authentication.trusted-proxies} is set: both would decide the client IP,
 * and Bearer would only see the address the server already chose.
 */
public class ForwardHeadersConflictException extends IllegalStateException {

	private final String source;

	/** The server rewrites remote addresses because of {@code source}. */
	public ForwardHeadersConflictException(String source) {
		super("bearer.authentication.trusted-proxies is set, but the server already takes the client IP from "
				+ "forwarding headers (" + source + ")");
		this.source = source;
	}

	/**
	 * What makes the server rewrite remote addresses, e.g.
	 * {@code server.forward-headers-strategy=native}.
	 */
	public String getSource() {
		return this.source;
	}

}
