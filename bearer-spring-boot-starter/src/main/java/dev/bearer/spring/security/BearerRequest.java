package dev.bearer.spring.security;

import dev.bearer.spring.web.RequestDomain;

/**
 * What the checks need to know about a request.
 *
 * @param token the presented token string
 * @param clientIp the client IP (through trusted proxies only)
 * @param domain the requesting domain (Origin, else Referer)
 */
public record BearerRequest(String token, String clientIp, RequestDomain domain) {
}
