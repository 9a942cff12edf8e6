package dev.bearer.core.token;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** Expiry warnings on PostgreSQL. */
@OnDatabase(TestDatabase.POSTGRES)
class PostgresExpiryWarningTests extends ExpiryWarningContractTests {

}
