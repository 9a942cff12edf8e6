package dev.bearer.core.token;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** Reports of leaked keys on PostgreSQL. */
@OnDatabase(TestDatabase.POSTGRES)
class PostgresLeakedTokenTests extends LeakedTokenContractTests {

}
