package dev.bearer.core.usage;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import dev.bearer.core.test.TestDatabase;
import org.junit.jupiter.api.condition.EnabledIf;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The usage queries on MariaDB, whose {@code datetime(6)} columns hold UTC wall-clock time. */
@EnabledIf(value = "dev.bearer.core.test.TestDatabase#mariadbEnabled",
		disabledReason = "BEARER_TEST_MARIADB_URL is not set and no Docker engine is available")
class MariaDbUsageQueryTests extends UsageQueryContractTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.MARIADB.register(registry);
	}

	@Override
	protected String jsonPlaceholder() {
		return "?";
	}

	@Override
	protected Object timestamp(Instant instant) {
		return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
