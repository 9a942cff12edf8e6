package dev.bearer.core.invalidation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.bearer.core.token.TokenLookupCache;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Token changes through PostgreSQL's {@code LISTEN}/{@code NOTIFY}: a change is announced
 * with {@code pg_notify} inside the changing transaction, so PostgreSQL sends it when
 * (and only if) that transaction commits; each node listens on a connection of its own,
 * taken from the data source for as long as the channel runs, and takes a new one after a
 * failure (backing off up to {@value #MAX_BACKOFF_SECONDS} s).
 */
public final class PostgresNotifyChannel implements CacheInvalidationChannel {

	private static final Logger logger = LoggerFactory.getLogger(PostgresNotifyChannel.class);

	private static final Pattern CHANNEL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

	private static final String NOTIFY = "select pg_notify(?, ?)";

	/** How long one wait for notifications lasts, and so how soon a stop is noticed. */
	private static final int WAIT_MILLIS = 500;

	/** How often the listening connection is checked with a fresh {@code LISTEN}. */
	private static final Duration LIVENESS_INTERVAL = Duration.ofSeconds(5);

	/** How long a statement on the listening connection may wait for the server. */
	private static final int NETWORK_TIMEOUT_MILLIS = 10_000;

	private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);

	private static final int MAX_BACKOFF_SECONDS = 10;

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final String channel;

	private final ChannelHealth health;

	private volatile boolean running;

	private volatile Thread listener;

	/**
	 * A channel named {@code channel} (a PostgreSQL identifier: a letter or underscore,
	 * then up to 62 letters, digits or underscores) over {@code dataSource}, evicting
	 * from {@code cache}.
	 * @throws IllegalArgumentException if the name is not a valid channel name
	 */
	public PostgresNotifyChannel(DataSource dataSource, String channel, TokenLookupCache cache) {
		if (channel == null || !CHANNEL_NAME.matcher(channel).matches()) {
			throw new IllegalArgumentException("Invalid PostgreSQL channel name '" + channel
					+ "': it must start with a letter or underscore and hold at most 63 letters, digits or underscores");
		}
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
		this.channel = channel;
		this.health = new ChannelHealth(name(), cache);
	}

	@Override
	public String name() {
		return "postgres";
	}

	/**
	 * Sends {@code tokenHash} with {@code pg_notify} on the transaction's connection
	 * (PostgreSQL delivers it on commit), or at once outside a transaction.
	 */
	@Override
	public void announce(String tokenHash) {
		this.jdbc.execute(NOTIFY, (PreparedStatement statement) -> {
			statement.setString(1, this.channel);
			statement.setString(2, tokenHash);
			statement.execute();
			return null;
		});
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		Thread thread = new Thread(this::listen, "bearer-cache-invalidation");
		thread.setDaemon(true);
		this.listener = thread;
		thread.start();
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		Thread thread = this.listener;
		if (thread != null) {
			LockSupport.unpark(thread);
			try {
				thread.join(TimeUnit.SECONDS.toMillis(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.listener = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public boolean isConnected() {
		return this.health.isConnected();
	}

	@Override
	public long failures() {
		return this.health.failures();
	}

	@Override
	public long received() {
		return this.health.received();
	}

	private void listen() {
		Duration backoff = FIRST_BACKOFF;
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection()) {
				try {
					connection.setAutoCommit(true);
					connection.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
					PGConnection postgres = connection.unwrap(PGConnection.class);
					subscribe(connection);
					this.health.connected();
					backoff = FIRST_BACKOFF;
					receive(connection, postgres);
				}
				finally {
					unsubscribe(connection);
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (this.running) {
					this.health.failed("listening", ex);
					LockSupport.parkNanos(backoff.toNanos());
					backoff = min(backoff.multipliedBy(2), Duration.ofSeconds(MAX_BACKOFF_SECONDS));
				}
			}
		}
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) < 0) ? a : b;
	}

	private void receive(Connection connection, PGConnection postgres) throws SQLException {
		long nextCheck = System.nanoTime() + LIVENESS_INTERVAL.toNanos();
		while (this.running) {
			PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
			if (notifications != null) {
				for (PGNotification notification : notifications) {
					if (this.channel.equals(notification.getName())) {
						this.health.received(notification.getParameter());
					}
				}
			}
			if (System.nanoTime() - nextCheck > 0) {
				subscribe(connection);
				nextCheck = System.nanoTime() + LIVENESS_INTERVAL.toNanos();
			}
		}
	}

	/**
	 * Listens on the channel; repeated as a liveness check, since {@code LISTEN} on a
	 * channel already listened to changes nothing.
	 */
	private void subscribe(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("listen \"" + this.channel + "\"");
		}
	}

	/**
	 * Stops listening before the connection goes back to the pool; a connection that
	 * cannot even do that is broken, and the pool discards it.
	 */
	private void unsubscribe(Connection connection) {
		try (Statement statement = connection.createStatement()) {
			statement.execute("unlisten *");
		}
		catch (SQLException ex) {
			logger.debug("Could not unlisten before returning the connection ({}); it is closed as broken",
					ex.getMessage());
		}
	}

}
