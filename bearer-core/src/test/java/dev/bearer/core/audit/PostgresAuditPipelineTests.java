package dev.bearer.core.audit;

import dev.bearer.core.test.TestDatabase;
import org.junit.jupiter.api.condition.EnabledIf;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The audit pipeline on PostgreSQL. */
@EnabledIf(value = "dev.bearer.core.test.TestDatabase#postgresEnabled",
		disabledReason = "BEARER_TEST_POSTGRES_URL is not set and no Docker engine is available")
class PostgresAuditPipelineTests extends AuditPipelineContractTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.register(registry);
	}

}
