package dev.bearer.spring.security;

/** The failure budget and the flood on embedded H2. */
class H2FailureBudgetTests extends FailureBudgetContractTests {

}
