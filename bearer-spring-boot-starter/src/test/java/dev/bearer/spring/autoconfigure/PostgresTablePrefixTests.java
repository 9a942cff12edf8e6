package dev.bearer.spring.autoconfigure;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** The table prefix on PostgreSQL. */
@OnDatabase(TestDatabase.POSTGRES)
class PostgresTablePrefixTests extends TablePrefixContractTests {

}
