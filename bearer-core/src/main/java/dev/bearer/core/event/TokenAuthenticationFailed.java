package dev.bearer.core.event;

import dev.bearer.core.token.AuthenticationFailureReason;

/**
 * Published on the request thread when a request's bearer token was refused.
 *
 * @param reason why it was refused
 * @param tokenId the stored token's id when one was identified, else {@code null}
 * @param ipAddress the client IP
 * @param userAgent the client's user agent, or {@code null}
 */
public record TokenAuthenticationFailed(AuthenticationFailureReason reason, Long tokenId, String ipAddress,
		String userAgent) {
}
