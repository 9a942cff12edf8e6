package dev.bearer.core.schema;

import java.sql.DatabaseMetaData;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/** The databases Bearer has a schema for, named as in {@code bearer.schema.platform}. */
public enum DatabasePlatform {

	/** H2 2.x. */
	H2("h2", DatabaseDriver.H2),
	/** PostgreSQL. */
	POSTGRESQL("postgresql", DatabaseDriver.POSTGRESQL),
	/** MySQL. */
	MYSQL("mysql", DatabaseDriver.MYSQL),
	/** MariaDB, which shares MySQL's schema and SQL. */
	MARIADB("mariadb", DatabaseDriver.MARIADB);

	private final String id;

	private final DatabaseDriver driver;

	DatabasePlatform(String id, DatabaseDriver driver) {
		this.id = id;
		this.driver = driver;
	}

	/** The platform's name in {@code bearer.schema.platform}, e.g. {@code postgresql}. */
	public String id() {
		return this.id;
	}

	/**
	 * The platform named {@code id} ({@code h2}, {@code postgresql}, {@code mysql} or
	 * {@code mariadb}, in any case).
	 * @throws IllegalArgumentException naming the supported platforms when {@code id} is
	 * none of them
	 */
	public static DatabasePlatform fromId(String id) {
		return Arrays.stream(values())
			.filter(platform -> platform.id.equals(id.trim().toLowerCase(Locale.ROOT)))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Unknown Bearer database platform '" + id + "' (supported: "
					+ Arrays.stream(values()).map(DatabasePlatform::id).collect(Collectors.joining(", ")) + ")"));
	}

	/**
	 * Detects the platform of {@code dataSource} from its metadata, the way Spring Boot
	 * and Spring Session JDBC do.
	 * @throws DataAccessResourceFailureException when the database cannot be reached
	 * @throws IllegalStateException when Bearer has no schema for the database
	 */
	public static DatabasePlatform detect(DataSource dataSource) {
		String productName;
		try {
			productName = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
		}
		catch (MetaDataAccessException ex) {
			throw new DataAccessResourceFailureException("Cannot read the database product name", ex);
		}
		DatabaseDriver driver = DatabaseDriver.fromProductName(productName);
		return Arrays.stream(values())
			.filter(platform -> platform.driver == driver)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("Bearer has no schema for database '" + productName
					+ "' (supported: H2, PostgreSQL, MySQL, MariaDB); set bearer.schema.platform if it is one of them"));
	}

}
