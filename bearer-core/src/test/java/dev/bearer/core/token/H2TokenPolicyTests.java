package dev.bearer.core.token;

/** Lifetime and idle policies on embedded H2. */
class H2TokenPolicyTests extends TokenPolicyContractTests {

}
