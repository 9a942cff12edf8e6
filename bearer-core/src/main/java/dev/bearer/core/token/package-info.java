/**
 * Typed bearer tokens: their string format, hashing, types, environments, lifecycle and
 * the lifecycle events published after commit. {@link dev.bearer.core.token.TokenService}
 * is the entry point.
 */
package dev.bearer.core.token;
