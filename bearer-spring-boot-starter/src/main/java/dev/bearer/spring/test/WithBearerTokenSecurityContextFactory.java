package dev.bearer.spring.test;

import dev.bearer.spring.security.BearerAuthentication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.test.context.support.WithSecurityContextFactory;

/**
 * Builds the security context of {@link WithBearerToken}: a {@link BearerAuthentication}
 * of a synthetic token.
 */
final class WithBearerTokenSecurityContextFactory implements WithSecurityContextFactory<WithBearerToken> {

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	@Override
	public SecurityContext createSecurityContext(WithBearerToken annotation) {
		BearerTestRequests.BearerKeyRequestPostProcessor token = BearerTestRequests.bearerKey()
			.abilities(annotation.abilities())
			.owner(annotation.ownerType(), annotation.ownerId())
			.type(annotation.type())
			.environment(annotation.environment())
			.name(annotation.name())
			.id(annotation.id());
		SecurityContext context = this.securityContextHolderStrategy.createEmptyContext();
		context.setAuthentication(new BearerAuthentication(token.token()));
		return context;
	}

	/** Uses the application's strategy when it defines one. */
	@Autowired(required = false)
	void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

}
