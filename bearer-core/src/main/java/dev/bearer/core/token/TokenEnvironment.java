package dev.bearer.core.token;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The environment a token belongs to; part of the token string ({@code sk_live_…}). */
public enum TokenEnvironment {

	/** Tokens for development and testing. */
	TEST,
	/** Tokens for production traffic. */
	LIVE;

	/** The lowercase code used in token strings, in the database and in JSON. */
	@JsonValue
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Returns the environment with the given code, ignoring case.
	 * @throws IllegalArgumentException if the code names no environment
	 */
	@JsonCreator
	public static TokenEnvironment fromCode(String code) {
		for (TokenEnvironment environment : values()) {
			if (environment.code().equalsIgnoreCase(code)) {
				return environment;
			}
		}
		throw new IllegalArgumentException("Unknown token environment '" + code + "' (expected test or live)");
	}

}
