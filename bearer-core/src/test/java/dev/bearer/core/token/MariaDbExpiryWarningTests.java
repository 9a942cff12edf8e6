package dev.bearer.core.token;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** Expiry warnings on MariaDB. */
@OnDatabase(TestDatabase.MARIADB)
class MariaDbExpiryWarningTests extends ExpiryWarningContractTests {

}
