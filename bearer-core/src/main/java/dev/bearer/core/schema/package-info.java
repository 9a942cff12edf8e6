/**
 * Bearer's own database schema: Flyway migrations per database vendor, kept in a history table
 * of their own so they never collide with the application's migrations.
 */
package dev.bearer.core.schema;
