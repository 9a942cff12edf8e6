package dev.bearer.core.token;

/**
 * Published after a token's revocation has been committed.
 *
 * @param token the token as revoked
 * @param reason the reason given, or {@code null}
 */
public record TokenRevoked(Token token, String reason) {
}
