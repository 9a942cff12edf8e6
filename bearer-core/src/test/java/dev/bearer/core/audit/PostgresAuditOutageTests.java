package dev.bearer.core.audit;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** The audit writer through network faults on PostgreSQL. */
@OnDatabase(TestDatabase.POSTGRES)
class PostgresAuditOutageTests extends AuditOutageContractTests {

}
