package dev.bearer.core.token;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** The token lifecycle on MariaDB. */
@OnDatabase(TestDatabase.MARIADB)
class MariaDbTokenServiceTests extends TokenServiceContractTests {

	@Override
	protected String utcText(String column) {
		return "date_format(" + column + ", '%Y-%m-%d %H:%i:%s')";
	}

}
