package dev.bearer.core.token;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** Derived keys and group revocations on MariaDB. */
@OnDatabase(TestDatabase.MARIADB)
class MariaDbTokenGovernanceTests extends TokenGovernanceContractTests {

}
