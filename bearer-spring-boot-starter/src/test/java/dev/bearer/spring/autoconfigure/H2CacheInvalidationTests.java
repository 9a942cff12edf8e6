package dev.bearer.spring.autoconfigure;

import java.util.Map;

/**
 * Two nodes over one in-memory H2 database: changes travel through the polled token
 * changes table.
 */
class H2CacheInvalidationTests extends CacheInvalidationContractTests {

	@Override
	protected Map<String, Object> nodeProperties(String name) {
		return Map.of("spring.datasource.url", "jdbc:h2:mem:" + CHANNEL + ";DB_CLOSE_DELAY=-1",
				"spring.datasource.username", "sa", "spring.autoconfigure.exclude", REDIS_AUTO_CONFIGURATION);
	}

	@Override
	protected String expectedChannel() {
		return "poll";
	}

}
