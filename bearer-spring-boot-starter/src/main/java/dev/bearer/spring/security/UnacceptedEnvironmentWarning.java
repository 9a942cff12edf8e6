package dev.bearer.spring.security;

import java.util.Set;
import java.util.TreeSet;

import dev.bearer.core.token.TokenCreated;
import dev.bearer.core.token.TokenEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;

/**
 * Warns when a token is issued for an environment this application does not accept
 * ({@code bearer.authentication.environments}): it will be refused here with a generic
 * 401, which is easy to mistake for a bug. Issuing stays allowed (an administration
 * service may issue keys for another deployment), so the warning names the field and the
 * accepted environments.
 */
public final class UnacceptedEnvironmentWarning {

	private static final Logger logger = LoggerFactory.getLogger(UnacceptedEnvironmentWarning.class);

	private final Set<TokenEnvironment> accepted;

	/** A warning for tokens outside {@code accepted}. */
	public UnacceptedEnvironmentWarning(Set<TokenEnvironment> accepted) {
		this.accepted = Set.copyOf(accepted);
	}

	/**
	 * Logs a warning when {@code created}'s token has an environment this application
	 * refuses.
	 */
	@EventListener
	public void onTokenCreated(TokenCreated created) {
		TokenEnvironment environment = created.token().environment();
		if (!this.accepted.contains(environment)) {
			logger.warn(
					"Issued token {} ('{}') with environment '{}', which this application does not accept "
							+ "(bearer.authentication.environments={}): requests with it will be refused here",
					created.token().id(), created.token().name(), environment.code(), codes());
		}
	}

	private Set<String> codes() {
		Set<String> codes = new TreeSet<>();
		this.accepted.forEach(environment -> codes.add(environment.code()));
		return codes;
	}

}
