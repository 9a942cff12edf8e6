package dev.bearer.spring.security;

import dev.bearer.core.test.OnDatabase;
import dev.bearer.core.test.TestDatabase;

/** Authentication outcomes and their audit rows on PostgreSQL. */
@OnDatabase(TestDatabase.POSTGRES)
class PostgresBearerAuthenticationTests extends BearerAuthenticationContractTests {

}
