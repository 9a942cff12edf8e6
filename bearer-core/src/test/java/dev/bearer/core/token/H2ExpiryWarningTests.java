package dev.bearer.core.token;

/** Expiry warnings on embedded H2. */
class H2ExpiryWarningTests extends ExpiryWarningContractTests {

}
