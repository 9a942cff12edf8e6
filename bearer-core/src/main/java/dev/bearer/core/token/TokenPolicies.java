package dev.bearer.core.token;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The {@link TokenPolicy} of each token type, overridable per environment: built with
 * {@link #builder()}; a type without a policy has {@link TokenPolicy#NONE}.
 */
public final class TokenPolicies {

	/** No policy for any type. */
	public static final TokenPolicies NONE = builder().build();

	private final Map<String, Map<TokenEnvironment, TokenPolicy>> policies;

	private TokenPolicies(Map<String, Map<TokenEnvironment, TokenPolicy>> policies) {
		this.policies = policies;
	}

	/** Starts an empty set of policies. */
	public static Builder builder() {
		return new Builder();
	}

	/** The policy keys of {@code type} in {@code environment} follow. */
	public TokenPolicy policyFor(String type, TokenEnvironment environment) {
		Map<TokenEnvironment, TokenPolicy> byEnvironment = this.policies.get(type);
		return (byEnvironment != null) ? byEnvironment.get(environment) : TokenPolicy.NONE;
	}

	/** The prefixes of the types that have a policy (in some environment). */
	public Set<String> types() {
		return Collections.unmodifiableSet(this.policies.keySet());
	}

	/**
	 * Checks the policies against the types they name.
	 * @throws IllegalArgumentException naming the type (and environment) of a policy for
	 * an unknown type, or whose maximum lifetime is shorter than the type's default
	 * lifetime
	 */
	public void checkAgainst(TokenTypeRegistry types) {
		this.policies.forEach((prefix, byEnvironment) -> {
			TokenType type = types.find(prefix)
				.orElseThrow(
						() -> new IllegalArgumentException("Token policy for unknown token type '" + prefix + "'"));
			byEnvironment.forEach((environment, policy) -> {
				if (policy.maxLifetime() != null && type.defaultLifetime() != null
						&& type.defaultLifetime().compareTo(policy.maxLifetime()) > 0) {
					throw new IllegalArgumentException("Token policy for '" + prefix + "' keys in " + environment.code()
							+ ": the type's default lifetime " + type.defaultLifetime()
							+ " is longer than the maximum lifetime " + policy.maxLifetime());
				}
			});
		});
	}

	/** Builds {@link TokenPolicies}. */
	public static final class Builder {

		private final Map<String, TokenPolicy> types = new LinkedHashMap<>();

		private final Map<String, Map<TokenEnvironment, List<UnaryOperator<TokenPolicy>>>> overrides = new LinkedHashMap<>();

		private Builder() {
		}

		/** The policy of every key of type {@code prefix}. */
		public Builder type(String prefix, TokenPolicy policy) {
			this.types.put(prefix, policy);
			return this;
		}

		/**
		 * Overrides, field by field, the policy of type {@code prefix}'s keys in
		 * {@code environment}: {@code override} gets the type's policy and returns the
		 * environment's.
		 */
		public Builder environment(String prefix, TokenEnvironment environment, UnaryOperator<TokenPolicy> override) {
			this.overrides.computeIfAbsent(prefix, key -> new EnumMap<>(TokenEnvironment.class))
				.computeIfAbsent(environment, key -> new ArrayList<>())
				.add(override);
			return this;
		}

		/** The policies. */
		public TokenPolicies build() {
			Map<String, Map<TokenEnvironment, TokenPolicy>> policies = new LinkedHashMap<>();
			for (String prefix : prefixes()) {
				Map<TokenEnvironment, TokenPolicy> byEnvironment = new EnumMap<>(TokenEnvironment.class);
				for (TokenEnvironment environment : TokenEnvironment.values()) {
					TokenPolicy policy = this.types.getOrDefault(prefix, TokenPolicy.NONE);
					for (UnaryOperator<TokenPolicy> override : this.overrides.getOrDefault(prefix, Map.of())
						.getOrDefault(environment, List.of())) {
						policy = override.apply(policy);
					}
					byEnvironment.put(environment, policy);
				}
				policies.put(prefix, byEnvironment);
			}
			return new TokenPolicies(policies);
		}

		private Collection<String> prefixes() {
			List<String> prefixes = new ArrayList<>(this.types.keySet());
			this.overrides.keySet().stream().filter(prefix -> !prefixes.contains(prefix)).forEach(prefixes::add);
			return prefixes;
		}

	}

}
