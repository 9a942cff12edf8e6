package dev.bearer.core.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.util.function.SingletonSupplier;

/** The database families Bearer has a schema and SQL dialect for. */
public enum DatabaseVendor {

	/** H2 2.x. */
	H2("h2"),
	/** PostgreSQL. */
	POSTGRESQL("postgresql"),
	/** MySQL and MariaDB, which share a schema. */
	MYSQL("mysql");

	private final String folder;

	DatabaseVendor(String folder) {
		this.folder = folder;
	}

	/** The migration folder name: {@code h2}, {@code postgresql} or {@code mysql}. */
	public String folder() {
		return this.folder;
	}

	/**
	 * Binds {@code instant} so the database stores it as UTC whatever the JVM's or the session's
	 * zone: as an {@code OffsetDateTime} for a {@code timestamp with time zone} column (H2,
	 * PostgreSQL), as UTC wall-clock time for MySQL's {@code datetime}.
	 */
	public void bindInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
		if (instant == null) {
			statement.setObject(index, null);
		}
		else if (this == MYSQL) {
			statement.setObject(index, LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
		}
		else {
			statement.setObject(index, instant.atOffset(ZoneOffset.UTC));
		}
	}

	/** Reads a timestamp column written by {@link #bindInstant}, or {@code null}. */
	public Instant readInstant(ResultSet resultSet, int index) throws SQLException {
		if (this == MYSQL) {
			LocalDateTime value = resultSet.getObject(index, LocalDateTime.class);
			return (value != null) ? value.toInstant(ZoneOffset.UTC) : null;
		}
		OffsetDateTime value = resultSet.getObject(index, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	/**
	 * Detects the vendor of {@code dataSource} from its product name.
	 * @throws IllegalStateException for a database Bearer does not support, or when none can be reached
	 */
	public static DatabaseVendor of(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return fromProductName(connection.getMetaData().getDatabaseProductName());
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot read the database product name", ex);
		}
	}

	/**
	 * The vendor of {@code dataSource}, detected on first use and then remembered, so a bean can
	 * be created before the database is reachable.
	 */
	public static Supplier<DatabaseVendor> detectedLazily(DataSource dataSource) {
		return SingletonSupplier.of(() -> of(dataSource));
	}

	static DatabaseVendor fromProductName(String productName) {
		String product = productName.toLowerCase(Locale.ROOT);
		if (product.contains("h2")) {
			return H2;
		}
		if (product.contains("postgres")) {
			return POSTGRESQL;
		}
		if (product.contains("mariadb") || product.contains("mysql")) {
			return MYSQL;
		}
		throw new IllegalStateException(
				"Bearer has no schema for database '" + productName + "' (supported: H2, PostgreSQL, MariaDB, MySQL)");
	}

}
