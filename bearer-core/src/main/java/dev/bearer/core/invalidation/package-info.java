/**
 * Cache invalidation across nodes: the channels that carry a changed token's hash to
 * every node's lookup cache (Redis pub/sub, PostgreSQL LISTEN/NOTIFY, or a polled change
 * table).
 */
package dev.bearer.core.invalidation;
