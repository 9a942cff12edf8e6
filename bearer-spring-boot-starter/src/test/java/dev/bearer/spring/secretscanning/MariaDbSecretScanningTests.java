package dev.bearer.spring.secretscanning;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** Secret-scanning reports and the keys they revoke on MariaDB. */
@OnDatabase(TestDatabase.MARIADB)
class MariaDbSecretScanningTests extends SecretScanningContractTests {

}
