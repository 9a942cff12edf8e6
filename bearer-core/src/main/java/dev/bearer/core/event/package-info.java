/**
 * Application events published by Bearer: token lifecycle changes and authentication outcomes.
 * Lifecycle events are published only after the change has been committed.
 */
package dev.bearer.core.event;
