package dev.bearer.core.token;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** Derived keys and group revocations on PostgreSQL. */
@OnDatabase(TestDatabase.POSTGRES)
class PostgresTokenGovernanceTests extends TokenGovernanceContractTests {

}
