/**
 * Bearer's own database schema: where its tables live (data source, table prefix,
 * platform), one SQL dialect per vendor, and Flyway migrations kept in a history table of
 * their own.
 */
package dev.bearer.core.schema;
