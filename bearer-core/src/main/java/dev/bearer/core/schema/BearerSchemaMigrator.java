package dev.bearer.core.schema;

import java.util.Map;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import org.springframework.beans.factory.InitializingBean;

/**
 * Applies Bearer's migrations for the schema's platform ({@code h2}, {@code postgresql}
 * or {@code mysql}, which MariaDB shares), with the schema's table prefix as the Flyway
 * placeholder {@value #TABLE_PREFIX_PLACEHOLDER}. They are tracked in a history table of
 * their own ({@link BearerSchema#historyTable()}), apart from the application's own
 * Flyway history, so version numbers never collide. As a bean it migrates when
 * initialised; the starter makes JPA and JDBC beans wait for it.
 */
public final class BearerSchemaMigrator implements InitializingBean {

	/**
	 * Where the per-vendor migration folders live on the classpath; deliberately outside
	 * {@code db/migration}, which the application's own Flyway scans recursively.
	 */
	public static final String LOCATION_ROOT = "classpath:db/bearer/";

	/** The Flyway placeholder the migrations write before every table and index name. */
	public static final String TABLE_PREFIX_PLACEHOLDER = "table_prefix";

	private final BearerSchema schema;

	/** A migrator for {@code schema}. */
	public BearerSchemaMigrator(BearerSchema schema) {
		this.schema = schema;
	}

	@Override
	public void afterPropertiesSet() {
		migrate();
	}

	/** Applies every pending migration. */
	public MigrateResult migrate() {
		return Flyway.configure()
			.dataSource(this.schema.dataSource())
			.locations(LOCATION_ROOT + this.schema.dialect().migrationFolder())
			.table(this.schema.historyTable())
			.placeholders(Map.of(TABLE_PREFIX_PLACEHOLDER, this.schema.tablePrefix()))
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
	}

}
