/**
 * Test support shared through bearer-core's test jar: the database matrix ({@code @OnDatabase}),
 * a hand-moved clock, a statement counter and a data source that can be taken offline.
 */
package dev.bearer.core.test;
