package dev.bearer.core.audit;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** The audit writer through network faults on MariaDB. */
@OnDatabase(TestDatabase.MARIADB)
class MariaDbAuditOutageTests extends AuditOutageContractTests {

}
