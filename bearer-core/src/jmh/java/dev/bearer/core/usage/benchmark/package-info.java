/**
 * A benchmark of the usage queries over a generated million-row audit log on PostgreSQL.
 * Built and run only with the Maven profile {@code bench}; never part of the test suite.
 */
package dev.bearer.core.usage.benchmark;
