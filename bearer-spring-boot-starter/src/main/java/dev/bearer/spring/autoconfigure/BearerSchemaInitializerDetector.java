package dev.bearer.spring.autoconfigure;

import java.util.Set;

import dev.bearer.core.schema.BearerSchemaMigrator;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.core.Ordered;

/**
 * Tells Spring Boot that a {@link BearerSchemaMigrator} bean initialises the database, so
 * beans that depend on database initialisation (the JPA entity manager factory,
 * {@code JdbcTemplate}) are created after it. Ordered last, so the application's own
 * Flyway or Liquibase runs first.
 */
final class BearerSchemaInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

	@Override
	protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
		return Set.of(BearerSchemaMigrator.class);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
