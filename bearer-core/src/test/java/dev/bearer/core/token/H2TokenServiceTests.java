package dev.bearer.core.token;

/** The token lifecycle on embedded H2. */
class H2TokenServiceTests extends TokenServiceContractTests {

}
