package dev.bearer.core.token;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** Reports of leaked keys on MariaDB. */
@OnDatabase(TestDatabase.MARIADB)
class MariaDbLeakedTokenTests extends LeakedTokenContractTests {

}
