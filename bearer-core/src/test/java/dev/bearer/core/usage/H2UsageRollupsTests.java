package dev.bearer.core.usage;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The usage rollups on embedded H2. */
class H2UsageRollupsTests extends UsageRollupsContractTests {

	@Override
	protected String jsonPlaceholder() {
		return "? format json";
	}

	@Override
	protected Object timestamp(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
