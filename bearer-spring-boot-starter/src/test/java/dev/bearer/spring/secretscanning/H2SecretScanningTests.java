package dev.bearer.spring.secretscanning;

/** Secret-scanning reports and the keys they revoke on embedded H2. */
class H2SecretScanningTests extends SecretScanningContractTests {

}
