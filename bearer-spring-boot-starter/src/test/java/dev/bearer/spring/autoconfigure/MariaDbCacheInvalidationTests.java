package dev.bearer.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** Two nodes over MariaDB: changes travel through the polled token changes table. */
@OnDatabase(TestDatabase.MARIADB)
class MariaDbCacheInvalidationTests extends CacheInvalidationContractTests {

	@Override
	protected Map<String, Object> nodeProperties(String name) {
		Map<String, Object> properties = new LinkedHashMap<>(TestDatabase.MARIADB.dataSourceProperties());
		properties.put("spring.autoconfigure.exclude", REDIS_AUTO_CONFIGURATION);
		return properties;
	}

	@Override
	protected String expectedChannel() {
		return "poll";
	}

}
