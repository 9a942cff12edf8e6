package dev.bearer.core.token;

import dev.bearer.core.test.TestDatabase;
import org.junit.jupiter.api.condition.EnabledIf;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The token lifecycle on MariaDB. */
@EnabledIf(value = "dev.bearer.core.test.TestDatabase#mariadbEnabled",
		disabledReason = "BEARER_TEST_MARIADB_URL is not set and no Docker engine is available")
class MariaDbTokenServiceTests extends TokenServiceContractTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.MARIADB.register(registry);
	}

	@Override
	protected String utcText(String column) {
		return "date_format(" + column + ", '%Y-%m-%d %H:%i:%s')";
	}

}
