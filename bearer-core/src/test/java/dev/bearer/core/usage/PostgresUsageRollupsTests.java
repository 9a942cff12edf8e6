package dev.bearer.core.usage;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** The usage rollups on PostgreSQL. */
@OnDatabase(TestDatabase.POSTGRES)
class PostgresUsageRollupsTests extends UsageRollupsContractTests {

	@Override
	protected String jsonPlaceholder() {
		return "cast(? as jsonb)";
	}

	@Override
	protected Object timestamp(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
