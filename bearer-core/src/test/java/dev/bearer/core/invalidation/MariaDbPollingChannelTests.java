package dev.bearer.core.invalidation;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** The polled token changes table on MariaDB. */
@OnDatabase(TestDatabase.MARIADB)
class MariaDbPollingChannelTests extends PollingChannelContractTests {

}
