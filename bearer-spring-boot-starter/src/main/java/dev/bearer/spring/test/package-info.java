/**
 * Test support for applications: a MockMvc request post-processor and
 * {@code @WithBearerToken} put a synthetic bearer-token authentication into the security
 * context, without issuing a token.
 */
package dev.bearer.spring.test;
