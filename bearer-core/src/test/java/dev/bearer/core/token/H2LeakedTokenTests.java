package dev.bearer.core.token;

/** Reports of leaked keys on embedded H2. */
class H2LeakedTokenTests extends LeakedTokenContractTests {

}
