package dev.bearer.core.audit;

/** Audit log upkeep on embedded H2: retention deletes in batches. */
class H2AuditLogMaintenanceTests extends AuditLogMaintenanceContractTests {

}
