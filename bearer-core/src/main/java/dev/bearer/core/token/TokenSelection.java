package dev.bearer.core.token;

import java.util.Arrays;
import java.util.Set;

/**
 * Which keys of a group a revocation takes, by type and environment; an empty set matches
 * every type (or environment).
 *
 * @param types the type prefixes to take, e.g. {@code sk}; empty for any
 * @param environments the environments to take; empty for any
 */
public record TokenSelection(Set<String> types, Set<TokenEnvironment> environments) {

	/** Every key of the group. */
	public static final TokenSelection ALL = new TokenSelection(Set.of(), Set.of());

	/** Copies the sets so the selection stays immutable. */
	public TokenSelection {
		types = (types != null) ? Set.copyOf(types) : Set.of();
		environments = (environments != null) ? Set.copyOf(environments) : Set.of();
	}

	/** The keys of these types, in any environment. */
	public static TokenSelection ofTypes(String... types) {
		return new TokenSelection(Set.of(types), Set.of());
	}

	/** The keys of these environments, of any type. */
	public static TokenSelection ofEnvironments(TokenEnvironment... environments) {
		return new TokenSelection(Set.of(), Set.copyOf(Arrays.asList(environments)));
	}

	/** Whether the selection takes every key. */
	public boolean isAll() {
		return this.types.isEmpty() && this.environments.isEmpty();
	}

	/** Whether {@code token} is selected. */
	public boolean matches(Token token) {
		return (this.types.isEmpty() || this.types.contains(token.type()))
				&& (this.environments.isEmpty() || this.environments.contains(token.environment()));
	}

}
