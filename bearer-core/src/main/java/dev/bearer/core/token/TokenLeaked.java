package dev.bearer.core.token;

/**
 * Published after a token reported leaked has been revoked (reason
 * {@value TokenService#LEAKED}) and the revocation committed, once per token: a report of
 * a token already revoked or expired publishes nothing.
 *
 * @param token the token as revoked
 * @param foundAt where the report says the token was found (a URL), or {@code null}
 */
public record TokenLeaked(Token token, String foundAt) {
}
