package dev.bearer.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link MethodSecurityNotEnabledException} at startup and says how to fix it.
 */
class MethodSecurityNotEnabledFailureAnalyzer extends AbstractFailureAnalyzer<MethodSecurityNotEnabledException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MethodSecurityNotEnabledException cause) {
		return new FailureAnalysis(cause.getGuarded() + " (bean '" + cause.getBeanName()
				+ "') is guarded by @PreAuthorize or another method-security annotation, but method security is not "
				+ "enabled: Spring would ignore the annotation and every authenticated key would reach it.",
				"Add @EnableMethodSecurity to a @Configuration class of your application. If the annotation is "
						+ "enforced another way, set bearer.authentication.require-method-security=false.",
				cause);
	}

}
