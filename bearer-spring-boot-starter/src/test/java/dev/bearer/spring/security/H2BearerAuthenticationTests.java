package dev.bearer.spring.security;

/** Authentication outcomes and their audit rows on embedded H2. */
class H2BearerAuthenticationTests extends BearerAuthenticationContractTests {

}
