package dev.bearer.core.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A data source a test can take "offline": connections then fail as if the database were
 * unreachable.
 */
public final class SwitchableDataSource extends DelegatingDataSource {

	private final AtomicInteger connectionsLeft = new AtomicInteger(Integer.MAX_VALUE);

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

	@Override
	public Connection getConnection() throws SQLException {
		if (this.connectionsLeft
			.getAndUpdate(left -> (left == Integer.MAX_VALUE) ? left : Math.max(0, left - 1)) == 0) {
			throw new SQLTransientConnectionException("Connection refused (simulated outage)", "08001");
		}
		return super.getConnection();
	}

}
