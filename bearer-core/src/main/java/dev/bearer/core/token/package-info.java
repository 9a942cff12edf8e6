/**
 * Typed bearer tokens: their string format, hashing, types, environments and lifecycle.
 * {@link dev.bearer.core.token.TokenService} is the entry point.
 */
package dev.bearer.core.token;
