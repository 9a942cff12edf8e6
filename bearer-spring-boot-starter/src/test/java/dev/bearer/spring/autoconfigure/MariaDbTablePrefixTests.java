package dev.bearer.spring.autoconfigure;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** The table prefix on MariaDB. */
@OnDatabase(TestDatabase.MARIADB)
class MariaDbTablePrefixTests extends TablePrefixContractTests {

}
