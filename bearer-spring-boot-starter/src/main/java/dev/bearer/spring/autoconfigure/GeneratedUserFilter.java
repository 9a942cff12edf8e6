package dev.bearer.spring.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Keeps Boot from creating its in-memory user with a generated password in an application
 * that authenticates with Bearer keys: that user works nowhere in such an application (no
 * form or basic login), yet every start logs its password. An application that configures
 * the user ({@code spring.security.user.name} or {@code .password}) still gets it, and
 * one that defines its own {@code UserDetailsService} is unaffected.
 */
class GeneratedUserFilter implements AutoConfigurationImportFilter, EnvironmentAware {

	static final String USER_DETAILS_AUTO_CONFIGURATION = "org.springframework.boot.security.autoconfigure."
			+ "UserDetailsServiceAutoConfiguration";

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata autoConfigurationMetadata) {
		boolean userConfigured = this.environment.containsProperty("spring.security.user.name")
				|| this.environment.containsProperty("spring.security.user.password");
		boolean[] matches = new boolean[autoConfigurationClasses.length];
		for (int i = 0; i < autoConfigurationClasses.length; i++) {
			matches[i] = userConfigured || !USER_DETAILS_AUTO_CONFIGURATION.equals(autoConfigurationClasses[i]);
		}
		return matches;
	}

}
