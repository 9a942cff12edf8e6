package dev.bearer.core.token;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** Lifetime and idle policies on MariaDB. */
@OnDatabase(TestDatabase.MARIADB)
class MariaDbTokenPolicyTests extends TokenPolicyContractTests {

}
