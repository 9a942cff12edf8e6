package dev.bearer.spring.autoconfigure;

/** The table prefix on embedded H2. */
class H2TablePrefixTests extends TablePrefixContractTests {

}
