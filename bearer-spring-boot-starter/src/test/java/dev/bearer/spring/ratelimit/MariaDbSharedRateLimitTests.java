package dev.bearer.spring.ratelimit;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** Shared rate limits on MariaDB, through Bucket4j's MySQL backend. */
@OnDatabase(TestDatabase.MARIADB)
class MariaDbSharedRateLimitTests extends JdbcSharedRateLimitTests {

	MariaDbSharedRateLimitTests() {
		super(TestDatabase.MARIADB);
	}

	@Override
	protected String backendName() {
		return "mariadb";
	}

}
