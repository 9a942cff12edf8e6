package dev.bearer.core.audit;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** The audit pipeline on PostgreSQL. */
@OnDatabase(TestDatabase.POSTGRES)
class PostgresAuditPipelineTests extends AuditPipelineContractTests {

}
