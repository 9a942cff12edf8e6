package dev.bearer.spring.ratelimit;

import java.sql.SQLException;
import java.util.Set;

/**
 * Tells a shared backend that is busy (a lock wait that timed out, a deadlock, a
 * serialization failure: another node holds the bucket) from one that cannot be reached.
 * A busy backend answers the same request if asked again; an unreachable one does not.
 */
final class BackendFailures {

	/**
	 * SQL states of a transaction rolled back or a statement cancelled while waiting for
	 * a lock.
	 */
	private static final Set<String> BUSY_STATES = Set.of("40001", "40P01", "55P03", "57014");

	/** MySQL and MariaDB: lock wait timeout, deadlock. */
	private static final Set<Integer> BUSY_CODES = Set.of(1205, 1213);

	private BackendFailures() {
	}

	/** Whether {@code ex} means the backend was busy with the same bucket. */
	static boolean isBusy(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql
					&& (BUSY_STATES.contains(sql.getSQLState()) || BUSY_CODES.contains(sql.getErrorCode()))) {
				return true;
			}
		}
		return false;
	}

}
