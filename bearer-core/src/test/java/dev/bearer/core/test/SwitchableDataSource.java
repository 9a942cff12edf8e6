package dev.bearer.core.test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A data source a test can take "offline": connections then fail as if the database were
 * unreachable.
 */
public final class SwitchableDataSource extends DelegatingDataSource {

	private final AtomicInteger connectionsLeft = new AtomicInteger(Integer.MAX_VALUE);

	private final AtomicBoolean loseCommitAcknowledgement = new AtomicBoolean();

	private final AtomicLong connectionAttempts = new AtomicLong();

	/** Wraps {@code target}. */
	public SwitchableDataSource(DataSource target) {
		super(target);
	}

	/** Makes the database reachable or not. */
	public void setReachable(boolean reachable) {
		this.connectionsLeft.set(reachable ? Integer.MAX_VALUE : 0);
	}

	/**
	 * Lets {@code connections} more connections through, then makes the database
	 * unreachable.
	 */
	public void allowConnections(int connections) {
		this.connectionsLeft.set(connections);
	}

	/**
	 * Makes the next commit reach the database and then fail as if the connection broke
	 * before its acknowledgement arrived: the client cannot tell whether it committed.
	 */
	public void loseNextCommitAcknowledgement() {
		this.loseCommitAcknowledgement.set(true);
	}

	/** Connections asked for so far, whether they were given or refused. */
	public long connectionAttempts() {
		return this.connectionAttempts.get();
	}

	@Override
	public Connection getConnection() throws SQLException {
		this.connectionAttempts.incrementAndGet();
		if (this.connectionsLeft
			.getAndUpdate(left -> (left == Integer.MAX_VALUE) ? left : Math.max(0, left - 1)) == 0) {
			throw new SQLTransientConnectionException("Connection refused (simulated outage)", "08001");
		}
		Connection connection = super.getConnection();
		return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
				(proxy, method, arguments) -> {
					try {
						Object result = method.invoke(connection, arguments);
						if (method.getName().equals("commit") && this.loseCommitAcknowledgement.getAndSet(false)) {
							throw new SQLTransientConnectionException("Connection reset (simulated lost commit)",
									"08006");
						}
						return result;
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

}
