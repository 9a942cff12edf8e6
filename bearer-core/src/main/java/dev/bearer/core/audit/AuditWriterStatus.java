package dev.bearer.core.audit;

import java.time.Duration;

/**
 * A snapshot of the asynchronous audit writer, for health checks and operations
 * endpoints.
 *
 * @param running whether the writer thread runs
 * @param queueDepth rows waiting to be written
 * @param queueCapacity the most rows that can wait
 * @param written rows written since start
 * @param dropped rows dropped (full queue, shutdown)
 * @param failed rows the database rejected
 * @param retries batch attempts that found the database unreachable
 * @param unreachableFor how long the database has been unreachable for the writer,
 * {@link Duration#ZERO} when its last attempt succeeded
 * @param sinceLastWrite time since the writer last wrote a batch, or {@code null} before
 * its first
 * @param spooled rows waiting in the spool on disk
 * @param spoolBytes bytes the spool takes on disk
 */
public record AuditWriterStatus(boolean running, int queueDepth, int queueCapacity, long written, long dropped,
		long failed, long retries, Duration unreachableFor, Duration sinceLastWrite, long spooled, long spoolBytes) {

	/** Whether the writer's last attempt found the database unreachable. */
	public boolean unreachable() {
		return !this.unreachableFor.isZero();
	}

}
