package dev.bearer.core.event;

import dev.bearer.core.token.Token;

/**
 * Published after a token has been issued and committed.
 *
 * @param token the new token
 */
public record TokenCreated(Token token) {
}
