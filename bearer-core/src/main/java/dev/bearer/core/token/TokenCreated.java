package dev.bearer.core.token;

/**
 * Published after a token has been issued and committed.
 *
 * @param token the new token
 */
public record TokenCreated(Token token) {
}
