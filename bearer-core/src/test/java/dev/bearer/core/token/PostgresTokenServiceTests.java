package dev.bearer.core.token;

import dev.bearer.core.test.TestDatabase;
import org.junit.jupiter.api.condition.EnabledIf;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The token lifecycle on PostgreSQL. */
@EnabledIf(value = "dev.bearer.core.test.TestDatabase#postgresEnabled",
		disabledReason = "BEARER_TEST_POSTGRES_URL is not set and no Docker engine is available")
class PostgresTokenServiceTests extends TokenServiceContractTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.register(registry);
	}

	@Override
	protected String utcText(String column) {
		return "to_char(" + column + " at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS')";
	}

}
