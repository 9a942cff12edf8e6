package dev.bearer.core.audit;

/** The audit pipeline on embedded H2. */
class H2AuditPipelineTests extends AuditPipelineContractTests {

}
