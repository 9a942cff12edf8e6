package dev.bearer.core.audit;

/**
 * Where audit rows go. Bearer ships {@code jdbc} (asynchronous, batched), {@code log} (SLF4J) and
 * {@code none}; an application bean of this type replaces them (Kafka, an external log system).
 * Implementations are called on request threads and must not block them for long.
 */
@FunctionalInterface
public interface AuditSink {

	/** Accepts one row; an accepted row must eventually be written, or be counted and logged as dropped. */
	void write(AuditRecord record);

}
