package dev.bearer.core.audit;

/** What the asynchronous audit writer does with a row when its queue is full. */
public enum OverflowPolicy {

	/** Drop the new row at once: the request never waits. */
	DROP,
	/**
	 * Make the request thread wait up to the offer timeout for room, then drop the row.
	 */
	BLOCK

}
