package dev.bearer.core.audit;

import java.time.Duration;

/**
 * Where audit rows go. Bearer ships {@code jdbc} (asynchronous, batched), {@code log} (SLF4J) and
 * {@code none}; an application bean of this type replaces them (Kafka, an external log system).
 * Implementations are called on request threads and must not block them for long.
 */
@FunctionalInterface
public interface AuditSink {

	/** Accepts one row; an accepted row must eventually be written, or be counted and logged as dropped. */
	void write(AuditRecord record);

	/**
	 * Waits until every row accepted so far has been written, rejected or dropped. Under steady
	 * traffic an asynchronous sink may not become idle within the timeout; sinks that write
	 * synchronously return at once.
	 * @param timeout how long to wait at most
	 * @return {@code true} when nothing accepted is left unwritten, {@code false} on timeout
	 */
	default boolean flush(Duration timeout) {
		return true;
	}

}
