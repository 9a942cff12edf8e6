package dev.bearer.spring.security;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** Authentication outcomes and their audit rows on MariaDB. */
@OnDatabase(TestDatabase.MARIADB)
class MariaDbBearerAuthenticationTests extends BearerAuthenticationContractTests {

}
