package dev.bearer.core.usage;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import dev.bearer.core.test.TestDatabase;
import org.junit.jupiter.api.condition.EnabledIf;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The usage queries on PostgreSQL. */
@EnabledIf(value = "dev.bearer.core.test.TestDatabase#postgresEnabled",
		disabledReason = "BEARER_TEST_POSTGRES_URL is not set and no Docker engine is available")
class PostgresUsageQueryTests extends UsageQueryContractTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.register(registry);
	}

	@Override
	protected String jsonPlaceholder() {
		return "cast(? as jsonb)";
	}

	@Override
	protected Object timestamp(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
