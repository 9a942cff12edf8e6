package dev.bearer.core.audit;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** Audit log upkeep on MariaDB: retention deletes in batches, oldest rows first. */
@OnDatabase(TestDatabase.MARIADB)
class MariaDbAuditLogMaintenanceTests extends AuditLogMaintenanceContractTests {

}
