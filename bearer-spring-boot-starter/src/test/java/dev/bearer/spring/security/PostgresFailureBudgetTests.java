package dev.bearer.spring.security;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** The failure budget and the flood on PostgreSQL. */
@OnDatabase(TestDatabase.POSTGRES)
class PostgresFailureBudgetTests extends FailureBudgetContractTests {

}
