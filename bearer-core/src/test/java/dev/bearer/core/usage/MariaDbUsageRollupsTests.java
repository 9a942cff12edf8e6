package dev.bearer.core.usage;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/**
 * The usage rollups on MariaDB, whose {@code datetime(6)} columns hold UTC wall-clock
 * time.
 */
@OnDatabase(TestDatabase.MARIADB)
class MariaDbUsageRollupsTests extends UsageRollupsContractTests {

	@Override
	protected String jsonPlaceholder() {
		return "?";
	}

	@Override
	protected Object timestamp(Instant instant) {
		return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
