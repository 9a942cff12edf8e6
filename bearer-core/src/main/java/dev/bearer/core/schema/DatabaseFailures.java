package dev.bearer.core.schema;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a database that cannot be reached now (so a retry may succeed) from one that
 * refused a statement, with Spring's exception translation. Internal to Bearer's stores,
 * writers and authentication.
 */
public final class DatabaseFailures {

	private DatabaseFailures() {
	}

	/**
	 * Whether {@code ex} means the database cannot be reached now. A commit that failed
	 * for a lost connection counts as unreachable: whether it committed is unknown.
	 */
	public static boolean isUnreachable(Throwable ex) {
		if (ex instanceof TransactionSystemException) {
			return lostConnection(ex.getCause());
		}
		return ex instanceof DataAccessResourceFailureException || ex instanceof TransientDataAccessException
				|| ex instanceof RecoverableDataAccessException || ex instanceof CannotCreateTransactionException;
	}

	/**
	 * Whether {@code ex} is a JDBC failure of the connection itself (SQL state class
	 * {@code 08}, or a transient or recoverable exception).
	 */
	private static boolean lostConnection(Throwable ex) {
		if (!(ex instanceof SQLException sqlException)) {
			return false;
		}
		String state = sqlException.getSQLState();
		return ex instanceof SQLTransientException || ex instanceof SQLRecoverableException
				|| ex instanceof SQLNonTransientConnectionException || (state != null && state.startsWith("08"));
	}

}
