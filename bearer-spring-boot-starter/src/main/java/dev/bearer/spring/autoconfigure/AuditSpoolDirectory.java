package dev.bearer.spring.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.DatabaseMetaData;
import java.util.HexFormat;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import dev.bearer.core.schema.BearerSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.system.ApplicationTemp;
import org.springframework.jdbc.datasource.AbstractDriverBasedDataSource;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.util.ClassUtils;

/**
 * Where the audit spool of one database lives: a folder named for the database (a hash of
 * its JDBC URL and Bearer's table prefix) under {@code bearer.audit.spool.directory}, or
 * under the application's temporary directory. Rows spooled for one database are so only
 * ever replayed into that database; an in-memory H2 database, gone with its process, gets
 * a spool of the process's own.
 */
final class AuditSpoolDirectory {

	private static final String UNIDENTIFIED = "unidentified-database";

	/**
	 * URLs of databases that live in this process only: their spool is this process's
	 * own, never replayed into the database of a later one.
	 */
	private static final String IN_MEMORY_H2 = "jdbc:h2:mem:";

	private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
			AuditSpoolDirectory.class.getClassLoader());

	private static final Logger logger = LoggerFactory.getLogger(AuditSpoolDirectory.class);

	private AuditSpoolDirectory() {
	}

	/**
	 * The spool folder for {@code schema}, or {@code null} when the spool is switched
	 * off.
	 */
	static Path of(BearerProperties.Spool spool, BearerSchema schema) {
		if (!spool.isEnabled()) {
			return null;
		}
		Path root = (spool.getDirectory() != null) ? spool.getDirectory()
				: new ApplicationTemp().getDir("bearer-audit-spool").toPath();
		return root.resolve(databaseFolder(schema));
	}

	private static String databaseFolder(BearerSchema schema) {
		String url = jdbcUrl(schema.dataSource());
		if (url == null) {
			logger.warn("Cannot tell which database Bearer's audit spool belongs to (its JDBC URL is not readable "
					+ "now); using the folder '{}'", UNIDENTIFIED);
			return UNIDENTIFIED;
		}
		String identity = url + "|" + schema.tablePrefix();
		if (url.startsWith(IN_MEMORY_H2)) {
			ProcessHandle process = ProcessHandle.current();
			identity += "|" + process.pid() + "|" + process.info().startInstant().orElse(null);
		}
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * The JDBC URL of {@code dataSource}: from the pool's configuration when it has one,
	 * so that an unreachable database does not stop the application; else from the
	 * connection's metadata; {@code null} when neither can be read.
	 */
	private static String jdbcUrl(DataSource dataSource) {
		if (HIKARI_PRESENT) {
			String url = HikariUrl.of(dataSource);
			if (url != null) {
				return url;
			}
		}
		AbstractDriverBasedDataSource driverBased = DataSourceUnwrapper.unwrap(dataSource,
				AbstractDriverBasedDataSource.class);
		if (driverBased != null && driverBased.getUrl() != null) {
			return driverBased.getUrl();
		}
		try {
			return JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getURL);
		}
		catch (MetaDataAccessException ex) {
			return null;
		}
	}

	/** Reads Hikari's configuration; loaded only when Hikari is on the classpath. */
	private static final class HikariUrl {

		static String of(DataSource dataSource) {
			HikariDataSource hikari = DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class,
					HikariDataSource.class);
			return (hikari != null) ? hikari.getJdbcUrl() : null;
		}

	}

}
