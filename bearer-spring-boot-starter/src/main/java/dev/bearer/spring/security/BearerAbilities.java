package dev.bearer.spring.security;

import java.util.function.Supplier;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Ability checks that understand the {@code *} ability.
 * {@code hasAuthority("orders:read")} sees only abilities granted by name;
 * {@code ability("orders:read")} also passes a {@code *} token. For method security the
 * auto-configuration registers this class as the bean {@code bearer}:
 * {@code @PreAuthorize("@bearer.can('orders:read')")}.
 */
public final class BearerAbilities {

	/**
	 * An {@code AuthorizationManager} for request rules:
	 * {@code .access(BearerAbilities.ability("orders:read"))}.
	 */
	public static <T> AuthorizationManager<T> ability(String ability) {
		return new AuthorizationManager<>() {
			@Override
			public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, T object) {
				return new AuthorizationDecision(grants(authentication.get(), ability));
			}
		};
	}

	/**
	 * Whether the current request's token grants {@code ability}, directly or through
	 * {@code *}.
	 */
	public boolean can(String ability) {
		return grants(SecurityContextHolder.getContext().getAuthentication(), ability);
	}

	static boolean grants(Authentication authentication, String ability) {
		if (authentication instanceof BearerAuthentication bearer) {
			return bearer.getToken().can(ability);
		}
		return authentication != null && authentication.isAuthenticated()
				&& authentication.getAuthorities()
					.stream()
					.anyMatch(authority -> ability.equals(authority.getAuthority()));
	}

}
