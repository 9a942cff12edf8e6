package dev.bearer.core.audit;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** The audit pipeline on MariaDB. */
@OnDatabase(TestDatabase.MARIADB)
class MariaDbAuditPipelineTests extends AuditPipelineContractTests {

}
