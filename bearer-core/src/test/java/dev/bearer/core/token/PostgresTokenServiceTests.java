package dev.bearer.core.token;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** The token lifecycle on PostgreSQL. */
@OnDatabase(TestDatabase.POSTGRES)
class PostgresTokenServiceTests extends TokenServiceContractTests {

	@Override
	protected String utcText(String column) {
		return "to_char(" + column + " at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS')";
	}

}
