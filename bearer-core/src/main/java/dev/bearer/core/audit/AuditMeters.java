package dev.bearer.core.audit;

/** Names of the audit pipeline's Micrometer meters. */
public final class AuditMeters {

	/** Gauge: rows waiting in the asynchronous writer's queue. */
	public static final String QUEUE_DEPTH = "bearer.audit.queue.depth";

	/**
	 * Counter: rows written to the database (request rows in batches and lifecycle rows
	 * within their transaction).
	 */
	public static final String WRITTEN = "bearer.audit.written";

	/**
	 * Counter: rows dropped because the queue was full or shutdown could not write them.
	 */
	public static final String DROPPED = "bearer.audit.dropped";

	/** Counter: rows the database rejected (each is logged). */
	public static final String FAILED = "bearer.audit.failed";

	/**
	 * Counter: batch attempts that failed because the database was unreachable (they are
	 * retried).
	 */
	public static final String RETRIES = "bearer.audit.retries";

	/** Distribution summary: rows per batch written. */
	public static final String BATCH_SIZE = "bearer.audit.batch.size";

	/** Timer: time to write one batch. */
	public static final String FLUSH = "bearer.audit.flush";

	/** Gauge: rows waiting in the spool on disk. */
	public static final String SPOOL_ROWS = "bearer.audit.spool.rows";

	/** Gauge: bytes the spool takes on disk. */
	public static final String SPOOL_BYTES = "bearer.audit.spool.bytes";

	private AuditMeters() {
	}

}
