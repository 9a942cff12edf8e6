package dev.bearer.core.audit;

/**
 * What the asynchronous audit writer does with a row when its queue is full (and its
 * spool, if it has one, is full too).
 */
public enum OverflowPolicy {

	/** Drop the new row at once: the request never waits. */
	DROP,
	/**
	 * Make the request thread wait up to the offer timeout for room, then drop the row.
	 */
	BLOCK,
	/**
	 * Answer new requests 503 rather than serve them without a row
	 * ({@link AuditSink#hasRoom()} turns {@code false}); a row of a request already being
	 * served waits like {@link #BLOCK}.
	 */
	REJECT

}
