package dev.bearer.spring.autoconfigure;

import java.util.Set;

import dev.bearer.core.audit.AuditLogMaintenance;
import dev.bearer.core.audit.JdbcAuditSink;
import dev.bearer.core.token.LastUsedRecorder;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.usage.UsageQueryService;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDependsOnDatabaseInitializationDetector;

/**
 * Tells Spring Boot that Bearer's beans that read or write its tables are created after
 * database initialization (Bearer's migrations included): its own and any an application
 * defines in their place. They reach the database through {@code BearerSchema}, which
 * Boot's own detectors ({@code JdbcTemplate}, {@code EntityManagerFactory}) do not
 * recognise.
 */
final class BearerDependsOnDatabaseInitializationDetector
		extends AbstractBeansOfTypeDependsOnDatabaseInitializationDetector {

	@Override
	protected Set<Class<?>> getDependsOnDatabaseInitializationBeanTypes() {
		return Set.of(TokenService.class, JdbcAuditSink.class, LastUsedRecorder.class, UsageQueryService.class,
				AuditLogMaintenance.class);
	}

}
