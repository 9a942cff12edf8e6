package dev.bearer.spring.ratelimit;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** Shared rate limits on PostgreSQL, through Bucket4j's PostgreSQL backend. */
@OnDatabase(TestDatabase.POSTGRES)
class PostgresSharedRateLimitTests extends JdbcSharedRateLimitTests {

	PostgresSharedRateLimitTests() {
		super(TestDatabase.POSTGRES);
	}

	@Override
	protected String backendName() {
		return "postgresql";
	}

}
