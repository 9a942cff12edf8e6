package dev.bearer.core.token;

/**
 * Published after a rotation has been committed.
 *
 * @param previous the old token; its {@code revokedAt} is now, or the end of the grace
 * period
 * @param replacement the new token
 */
public record TokenRotated(Token previous, Token replacement) {
}
