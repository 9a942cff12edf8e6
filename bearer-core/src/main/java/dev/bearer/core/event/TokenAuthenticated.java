package dev.bearer.core.event;

import dev.bearer.core.audit.AuditMetadata;
import dev.bearer.core.token.Token;

/**
 * Published on the request thread when a request has been authenticated with a token.
 * Listeners may add entries to {@link #metadata()}: they are written with the request's
 * {@code authenticated} audit row when the request ends, with no second write.
 *
 * @param token the authenticated token
 * @param ipAddress the client IP
 * @param userAgent the client's user agent, or {@code null}
 * @param metadata the pending audit row's metadata
 */
public record TokenAuthenticated(Token token, String ipAddress, String userAgent, AuditMetadata metadata) {
}
