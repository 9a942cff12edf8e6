package dev.bearer.core.invalidation;

/** The polled token changes table on embedded H2. */
class H2PollingChannelTests extends PollingChannelContractTests {

}
