package dev.bearer.core.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/** A data source a test can take "offline": connections then fail as if the database were unreachable. */
public final class SwitchableDataSource extends DelegatingDataSource {

	private volatile boolean reachable = true;

	/** Wraps {@code target}. */
	public SwitchableDataSource(DataSource target) {
		super(target);
	}

	/** Makes the database reachable or not. */
	public void setReachable(boolean reachable) {
		this.reachable = reachable;
	}

	@Override
	public Connection getConnection() throws SQLException {
		if (!this.reachable) {
			throw new SQLTransientConnectionException("Connection refused (simulated outage)", "08001");
		}
		return super.getConnection();
	}

}
