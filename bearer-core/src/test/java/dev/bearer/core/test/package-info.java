/**
 * Test support shared through bearer-core's test jar: the database matrix
 * ({@code @OnDatabase}), a hand-moved clock, a statement counter, a data source that can
 * be taken offline, the audit trail a test reads its own rows from after every audit sink
 * has drained, and a seeded fuzzer for property tests.
 */
package dev.bearer.core.test;
