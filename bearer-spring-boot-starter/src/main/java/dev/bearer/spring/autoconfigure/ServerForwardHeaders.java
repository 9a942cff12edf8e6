package dev.bearer.spring.autoconfigure;

import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Whether the web server (or Spring's {@code ForwardedHeaderFilter}) rewrites a request's
 * remote address from forwarding headers before Bearer sees it, as Spring Boot sets it
 * up: {@code server.forward-headers-strategy=native} or {@code framework}, no strategy on
 * a cloud platform that uses forward headers (Kubernetes, Cloud Foundry…), or a
 * {@code server.tomcat.remoteip} header. Then the server decides the client IP, and
 * {@code bearer.authentication.trusted-proxies} cannot: both set is a startup failure.
 */
final class ServerForwardHeaders {

	private static final Logger logger = LoggerFactory.getLogger(ServerForwardHeaders.class);

	private final String source;

	private final boolean implicit;

	private ServerForwardHeaders(String source, boolean implicit) {
		this.source = source;
		this.implicit = implicit;
	}

	/** What {@code environment} makes the server do with forwarding headers. */
	static ServerForwardHeaders of(Environment environment) {
		Binder binder = Binder.get(environment);
		String strategy = binder.bind("server.forward-headers-strategy", String.class)
			.map((value) -> value.trim().toLowerCase(Locale.ROOT))
			.orElse(null);
		if ("native".equals(strategy) || "framework".equals(strategy)) {
			return new ServerForwardHeaders("server.forward-headers-strategy=" + strategy, false);
		}
		for (String header : List.of("remote-ip-header", "protocol-header")) {
			String property = "server.tomcat.remoteip." + header;
			if (StringUtils.hasText(binder.bind(property, String.class).orElse(null))) {
				return new ServerForwardHeaders(property + " (Tomcat's RemoteIpValve)", false);
			}
		}
		CloudPlatform platform = CloudPlatform.getActive(environment);
		if (strategy == null && platform != null && platform.isUsingForwardHeaders()) {
			return new ServerForwardHeaders("no server.forward-headers-strategy on " + platform
					+ ", where Spring Boot uses the server's native handling", true);
		}
		return new ServerForwardHeaders(null, false);
	}

	/**
	 * Fails when the server rewrites remote addresses while {@code trustedProxies} is
	 * set; warns when it does so without the application having asked for it.
	 * @throws ForwardHeadersConflictException when both would decide the client IP
	 */
	void verify(List<String> trustedProxies) {
		if (this.source == null) {
			return;
		}
		if (!trustedProxies.isEmpty()) {
			throw new ForwardHeadersConflictException(this.source);
		}
		if (this.implicit) {
			logger.warn("Client IPs in Bearer's audit rows and IP allow-lists are the addresses the server takes from "
					+ "X-Forwarded-For (" + this.source + "; Tomcat trusts the header from every private address). "
					+ "Set server.forward-headers-strategy=native to keep that (and narrow "
					+ "server.tomcat.remoteip.internal-proxies to your proxies), or server.forward-headers-strategy=none "
					+ "with bearer.authentication.trusted-proxies to let Bearer decide.");
		}
		else {
			logger.info("Client IPs in Bearer's audit rows and IP allow-lists are the addresses the server takes from "
					+ "forwarding headers (" + this.source + ")");
		}
	}

}
