/**
 * Authentication events published by Bearer on the request thread: a key authenticated
 * (whose listeners may add metadata to the usage row) or refused.
 */
package dev.bearer.core.event;
