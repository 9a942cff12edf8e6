package dev.bearer.core.invalidation;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/**
 * The polled token changes table on PostgreSQL (bearer.cache.invalidation=poll there).
 */
@OnDatabase(TestDatabase.POSTGRES)
class PostgresPollingChannelTests extends PollingChannelContractTests {

}
