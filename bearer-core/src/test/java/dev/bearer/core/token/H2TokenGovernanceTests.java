package dev.bearer.core.token;

/** Derived keys and group revocations on embedded H2. */
class H2TokenGovernanceTests extends TokenGovernanceContractTests {

}
