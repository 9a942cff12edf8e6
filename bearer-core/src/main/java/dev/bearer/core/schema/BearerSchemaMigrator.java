package dev.bearer.core.schema;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import org.springframework.beans.factory.InitializingBean;

/**
 * Applies Bearer's migrations for the data source's vendor ({@code h2}, {@code postgresql} or
 * {@code mysql}, which MariaDB shares). They are tracked in {@value #HISTORY_TABLE}, apart from
 * the application's own Flyway history, so version numbers never collide. As a bean it migrates
 * when initialised, and {@link BearerSchemaInitializerDetector} makes JPA and JDBC beans wait for it.
 */
public final class BearerSchemaMigrator implements InitializingBean {

	/** The Flyway history table Bearer's migrations are recorded in. */
	public static final String HISTORY_TABLE = "bearer_schema_history";

	/**
	 * Where the per-vendor migration folders live on the classpath; deliberately outside
	 * {@code db/migration}, which the application's own Flyway scans recursively.
	 */
	public static final String LOCATION_ROOT = "classpath:db/bearer/";

	private final DataSource dataSource;

	/** A migrator for {@code dataSource}. */
	public BearerSchemaMigrator(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void afterPropertiesSet() {
		migrate();
	}

	/** Applies every pending migration. */
	public MigrateResult migrate() {
		return Flyway.configure()
			.dataSource(this.dataSource)
			.locations(LOCATION_ROOT + DatabaseVendor.of(this.dataSource).folder())
			.table(HISTORY_TABLE)
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
	}

}
