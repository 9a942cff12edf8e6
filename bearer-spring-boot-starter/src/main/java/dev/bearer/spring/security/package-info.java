/**
 * Bearer inside Spring Security: the token resolver, the authentication filter and its
 * checks, the {@code Authentication} it produces, and the RFC 6750 error responses.
 */
package dev.bearer.spring.security;
