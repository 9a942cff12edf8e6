package dev.bearer.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link ForwardHeadersConflictException} at startup and offers the two ways
 * out.
 */
class ForwardHeadersConflictFailureAnalyzer extends AbstractFailureAnalyzer<ForwardHeadersConflictException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ForwardHeadersConflictException cause) {
		return new FailureAnalysis(
				"bearer.authentication.trusted-proxies is set, but the server already replaces "
						+ "each request's remote address with one taken from X-Forwarded-For or Forwarded ("
						+ cause.getSource() + "; Tomcat trusts those headers from every private address). Bearer would "
						+ "only see the address the server chose, so its trusted proxies would decide nothing.",
				"Let one of them decide. For Bearer: set server.forward-headers-strategy=none (and remove any "
						+ "server.tomcat.remoteip header setting). For the server: remove "
						+ "bearer.authentication.trusted-proxies and narrow server.tomcat.remoteip.internal-proxies "
						+ "to your proxies' addresses.",
				cause);
	}

}
