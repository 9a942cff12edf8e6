/**
 * The thread Bearer's scheduled jobs run on.
 */
package dev.bearer.core.schedule;
