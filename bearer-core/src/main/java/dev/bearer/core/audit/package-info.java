/**
 * The audit log: one row per authentication outcome and per token lifecycle change. Holds
 * the event vocabulary, the row record, the {@link dev.bearer.core.audit.AuditSink} SPI
 * and the writers that persist rows.
 */
package dev.bearer.core.audit;
