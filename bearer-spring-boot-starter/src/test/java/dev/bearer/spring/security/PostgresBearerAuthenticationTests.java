package dev.bearer.spring.security;

import dev.bearer.core.test.TestDatabase;
import org.junit.jupiter.api.condition.EnabledIf;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Authentication outcomes and their audit rows on PostgreSQL. */
@EnabledIf(value = "dev.bearer.core.test.TestDatabase#postgresEnabled",
		disabledReason = "BEARER_TEST_POSTGRES_URL is not set and no Docker engine is available")
class PostgresBearerAuthenticationTests extends BearerAuthenticationContractTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.register(registry);
	}

}
