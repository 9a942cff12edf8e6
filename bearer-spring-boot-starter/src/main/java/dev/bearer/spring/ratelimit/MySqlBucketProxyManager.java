package dev.bearer.spring.ratelimit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.util.Optional;

import javax.sql.DataSource;

import io.github.bucket4j.BucketExceptions;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.CustomColumnProvider;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.AbstractSelectForUpdateBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.LockAndGetResult;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.SelectForUpdateBasedTransaction;
import io.github.bucket4j.distributed.remote.RemoteBucketState;

/**
 * Bucket4j's {@code SELECT … FOR UPDATE} backend for MySQL and MariaDB, with the SQL of
 * Bucket4j's MySQL module ({@code bucket4j_jdk17-mysql}). That module cannot run with the
 * MariaDB driver alone: it catches MySQL Connector/J's
 * {@code MySQLTransactionRollbackException}, so the first request fails with a
 * {@code ClassNotFoundException} (seen with module 8.15.0 and MariaDB Connector/J 3.5).
 * This class catches the JDBC standard {@link SQLTransactionRollbackException} instead,
 * which both drivers throw when two nodes insert a new bucket at once, and releases the
 * gap lock of the {@code SELECT} that found no bucket before inserting one, which made
 * nodes creating the same bucket deadlock.
 */
final class MySqlBucketProxyManager extends AbstractSelectForUpdateBasedProxyManager<String>
		implements ExpiredEntriesCleaner {

	private final DataSource dataSource;

	private final CustomColumnProvider<String> expiresAt;

	private final String insert;

	private final String select;

	private final String update;

	private final String delete;

	private final String deleteExpired;

	MySqlBucketProxyManager(DataSource dataSource, String table, ClientSideConfig config) {
		super(config);
		this.dataSource = dataSource;
		ExpirationAfterWriteStrategy expiration = config.getExpirationAfterWriteStrategy()
			.orElseThrow(() -> new IllegalArgumentException("Buckets need an expiration"));
		this.expiresAt = CustomColumnProvider.createExpiresInColumnProvider("expires_at", expiration);
		this.insert = "INSERT IGNORE INTO " + table + " (id, state) VALUES (?, null)";
		this.select = "SELECT state FROM " + table + " WHERE id = ? FOR UPDATE";
		this.update = "UPDATE " + table + " SET state = ?, expires_at = ? WHERE id = ?";
		this.delete = "DELETE FROM " + table + " WHERE id = ?";
		this.deleteExpired = "DELETE FROM " + table + " WHERE expires_at < ? AND id IN (SELECT * FROM (SELECT id FROM "
				+ table + " WHERE expires_at < ? LIMIT ? FOR UPDATE SKIP LOCKED) AS expired)";
	}

	@Override
	public boolean isExpireAfterWriteSupported() {
		return true;
	}

	@Override
	protected SelectForUpdateBasedTransaction allocateTransaction(String key, Optional<Long> timeoutNanos) {
		try {
			return new Transaction(key, this.dataSource.getConnection());
		}
		catch (SQLException ex) {
			throw new BucketExceptions.BucketExecutionException(ex);
		}
	}

	@Override
	public void removeProxy(String key) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(this.delete)) {
			statement.setString(1, key);
			statement.executeUpdate();
		}
		catch (SQLException ex) {
			throw new BucketExceptions.BucketExecutionException(ex);
		}
	}

	@Override
	public int removeExpired(int batchSize) {
		long now = System.currentTimeMillis();
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(this.deleteExpired)) {
			statement.setLong(1, now);
			statement.setLong(2, now);
			statement.setInt(3, batchSize);
			return statement.executeUpdate();
		}
		catch (SQLException ex) {
			throw new BucketExceptions.BucketExecutionException(ex);
		}
	}

	/** One request's transaction on a connection of its own. */
	private final class Transaction implements SelectForUpdateBasedTransaction {

		private final String key;

		private final Connection connection;

		Transaction(String key, Connection connection) {
			this.key = key;
			this.connection = connection;
		}

		@Override
		public void begin(Optional<Long> timeoutNanos) {
			run(() -> this.connection.setAutoCommit(false));
		}

		@Override
		public LockAndGetResult tryLockAndGet(Optional<Long> timeoutNanos) {
			try (PreparedStatement statement = this.connection.prepareStatement(MySqlBucketProxyManager.this.select)) {
				applyTimeout(statement, timeoutNanos);
				statement.setString(1, this.key);
				try (ResultSet row = statement.executeQuery()) {
					return row.next() ? LockAndGetResult.locked(row.getBytes(1)) : LockAndGetResult.notLocked();
				}
			}
			catch (SQLException ex) {
				throw new BucketExceptions.BucketExecutionException(ex);
			}
		}

		@Override
		public boolean tryInsertEmptyData(Optional<Long> timeoutNanos) {
			try (PreparedStatement statement = this.connection.prepareStatement(MySqlBucketProxyManager.this.insert)) {
				// the SELECT … FOR UPDATE that found no row holds a gap lock, which
				// blocks
				// every other node's insert of the same bucket while this one's waits for
				// theirs: InnoDB deadlocks. Released first, no insert waits for a lock
				// its
				// holder's insert is waiting on.
				this.connection.rollback();
				applyTimeout(statement, timeoutNanos);
				statement.setString(1, this.key);
				statement.executeUpdate();
				return true;
			}
			catch (SQLTransactionRollbackException concurrentInsert) {
				// another node inserted the row first: the caller retries in a new
				// transaction
				return false;
			}
			catch (SQLException ex) {
				throw new BucketExceptions.BucketExecutionException(ex);
			}
		}

		@Override
		public void update(byte[] data, RemoteBucketState newState, Optional<Long> timeoutNanos) {
			try (PreparedStatement statement = this.connection.prepareStatement(MySqlBucketProxyManager.this.update)) {
				applyTimeout(statement, timeoutNanos);
				statement.setBytes(1, data);
				MySqlBucketProxyManager.this.expiresAt.setCustomField(this.key, 2, statement, newState,
						currentTimeNanos());
				statement.setString(3, this.key);
				statement.executeUpdate();
			}
			catch (SQLException ex) {
				throw new BucketExceptions.BucketExecutionException(ex);
			}
		}

		@Override
		public void commit(Optional<Long> timeoutNanos) {
			run(this.connection::commit);
		}

		@Override
		public void rollback() {
			run(this.connection::rollback);
		}

		@Override
		public void release() {
			run(this.connection::close);
		}

		private void run(SqlAction action) {
			try {
				action.run();
			}
			catch (SQLException ex) {
				throw new BucketExceptions.BucketExecutionException(ex);
			}
		}

	}

	@FunctionalInterface
	private interface SqlAction {

		void run() throws SQLException;

	}

}
