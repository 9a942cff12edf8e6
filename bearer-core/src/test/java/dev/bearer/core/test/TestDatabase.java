package dev.bearer.core.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A database the contract suites run against (see {@link OnDatabase}). PostgreSQL and
 * MariaDB come from {@code BEARER_TEST_POSTGRES_URL} / {@code BEARER_TEST_MARIADB_URL}
 * (user and password in the URL or in {@code ..._USER} / {@code ..._PASSWORD}), else from
 * Testcontainers when Docker runs, else the tests are skipped, unless
 * {@code BEARER_TEST_REQUIRE_ALL_DATABASES=true} makes that a failure. Each test JVM
 * works in a schema (PostgreSQL) or database (MariaDB) of its own, dropped at exit.
 */
public enum TestDatabase {

	/** PostgreSQL. */
	POSTGRES("BEARER_TEST_POSTGRES", "postgres") {
		@Override
		JdbcDatabaseContainer<?> container() {
			return new PostgreSQLContainer("postgres:15-alpine");
		}

		@Override
		String isolate(String url, String user, String password, String name) {
			execute(url, user, password, "create schema " + name, "drop schema if exists " + name + " cascade");
			return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name;
		}
	},

	/** MariaDB (also the MySQL schema). */
	MARIADB("BEARER_TEST_MARIADB", "root") {
		@Override
		JdbcDatabaseContainer<?> container() {
			return new MariaDBContainer("mariadb:10.11");
		}

		@Override
		String isolate(String url, String user, String password, String name) {
			execute(url, user, password, "create database " + name, "drop database if exists " + name);
			int query = url.indexOf('?');
			String base = (query < 0) ? url : url.substring(0, query);
			String params = (query < 0) ? "" : url.substring(query);
			int slash = base.indexOf('/', base.indexOf("//") + 2);
			return ((slash < 0) ? base : base.substring(0, slash)) + "/" + name + params;
		}
	};

	private static final String REQUIRE_ALL = "BEARER_TEST_REQUIRE_ALL_DATABASES";

	private final String variablePrefix;

	private final String defaultUser;

	private String[] connection;

	TestDatabase(String variablePrefix, String defaultUser) {
		this.variablePrefix = variablePrefix;
		this.defaultUser = defaultUser;
	}

	abstract JdbcDatabaseContainer<?> container();

	abstract String isolate(String url, String user, String password, String name);

	/** Whether tests for this database should run (for {@code @EnabledIf}). */
	public boolean isEnabled() {
		return setting("_URL") != null || "true".equalsIgnoreCase(setting(REQUIRE_ALL, ""))
				|| DockerClientFactory.instance().isDockerAvailable();
	}

	/** Spring data source properties for this database, in a schema of this JVM's own. */
	public Map<String, Object> dataSourceProperties() {
		String[] resolved = connection();
		return Map.of("spring.datasource.url", resolved[0], "spring.datasource.username", resolved[1],
				"spring.datasource.password", resolved[2]);
	}

	private synchronized String[] connection() {
		if (this.connection == null) {
			this.connection = connect();
		}
		return this.connection;
	}

	private String[] connect() {
		String url = setting("_URL");
		if (url != null) {
			String user = firstNonNull(setting("_USER"), this.defaultUser);
			String password = firstNonNull(setting("_PASSWORD"), "");
			String name = "bearer_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
			return new String[] { isolate(url, user, password, name), user, password };
		}
		if (!DockerClientFactory.instance().isDockerAvailable()) {
			throw new IllegalStateException(REQUIRE_ALL + " is true but " + this.variablePrefix
					+ "_URL is not set and no Docker engine is available");
		}
		JdbcDatabaseContainer<?> container = container();
		container.start();
		return new String[] { container.getJdbcUrl(), container.getUsername(), container.getPassword() };
	}

	private static void execute(String url, String user, String password, String create, String drop) {
		try (Connection connection = DriverManager.getConnection(url, user, password);
				Statement statement = connection.createStatement()) {
			statement.execute(create);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot prepare the test database at " + url + ": " + ex.getMessage(), ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try (Connection connection = DriverManager.getConnection(url, user, password);
					Statement statement = connection.createStatement()) {
				statement.execute(drop);
			}
			catch (SQLException ex) {
				System.err.println("Could not drop the test schema: " + ex.getMessage());
			}
		}));
	}

	private String setting(String suffix) {
		return setting(this.variablePrefix + suffix, null);
	}

	private static String setting(String name, String fallback) {
		String value = System.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'));
		if (value == null || value.isBlank()) {
			value = System.getenv(name);
		}
		return (value == null || value.isBlank()) ? fallback : value;
	}

	private static String firstNonNull(String value, String fallback) {
		return (value != null) ? value : fallback;
	}

	/**
	 * For {@link OnDatabase}'s {@code @EnabledIf}: whether the annotated class's database
	 * tests run.
	 */
	static boolean isEnabledFor(ExtensionContext context) {
		OnDatabase onDatabase = context.getRequiredTestClass().getAnnotation(OnDatabase.class);
		return onDatabase == null || onDatabase.value().isEnabled();
	}

}
