package dev.bearer.spring.security;

import dev.bearer.core.test.TestDatabase;
import org.junit.jupiter.api.condition.EnabledIf;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Authentication outcomes and their audit rows on MariaDB. */
@EnabledIf(value = "dev.bearer.core.test.TestDatabase#mariadbEnabled",
		disabledReason = "BEARER_TEST_MARIADB_URL is not set and no Docker engine is available")
class MariaDbBearerAuthenticationTests extends BearerAuthenticationContractTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.MARIADB.register(registry);
	}

}
