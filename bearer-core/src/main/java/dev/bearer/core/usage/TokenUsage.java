package dev.bearer.core.usage;

import dev.bearer.core.token.TokenEnvironment;

/**
 * A token and how many requests it has authenticated.
 *
 * @param tokenId the token's id
 * @param name the token's human-readable name
 * @param type the token's type prefix, e.g. {@code sk}
 * @param environment test or live
 * @param displayPrefix the non-secret start of the token string, e.g.
 * {@code sk_live_4fGh}
 * @param count the number of {@code authenticated} rows of the token; zero for a token
 * never used
 */
public record TokenUsage(long tokenId, String name, String type, TokenEnvironment environment, String displayPrefix,
		long count) {

}
