package dev.bearer.core.token;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** Lifetime and idle policies on PostgreSQL. */
@OnDatabase(TestDatabase.POSTGRES)
class PostgresTokenPolicyTests extends TokenPolicyContractTests {

}
