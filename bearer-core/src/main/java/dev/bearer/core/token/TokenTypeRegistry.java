package dev.bearer.core.token;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The token types an application knows: the built-in {@code sk}, {@code pk}, {@code rk}
 * and configured ones.
 */
public final class TokenTypeRegistry {

	private final Map<String, TokenType> types;

	private TokenTypeRegistry(Map<String, TokenType> types) {
		this.types = Collections.unmodifiableMap(types);
	}

	/** A registry with only the built-in types. */
	public static TokenTypeRegistry builtIn() {
		return withCustomTypes(List.of());
	}

	/**
	 * A registry with the built-in types plus {@code customTypes}; a custom type whose
	 * prefix is a built-in one replaces the built-in.
	 */
	public static TokenTypeRegistry withCustomTypes(Collection<TokenType> customTypes) {
		Map<String, TokenType> types = new LinkedHashMap<>();
		for (TokenType type : List.of(TokenType.SECRET, TokenType.PUBLISHABLE, TokenType.RESTRICTED)) {
			types.put(type.prefix(), type);
		}
		for (TokenType type : customTypes) {
			types.put(type.prefix(), type);
		}
		return new TokenTypeRegistry(types);
	}

	/** The type with this prefix, if any. */
	public Optional<TokenType> find(String prefix) {
		return Optional.ofNullable(this.types.get(prefix));
	}

}
