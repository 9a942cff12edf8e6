package dev.bearer.spring.autoconfigure;

import dev.bearer.core.audit.JdbcAuditSink;
import dev.bearer.core.audit.JdbcAuditSinkMetrics;
import dev.bearer.core.invalidation.CacheInvalidationChannel;
import dev.bearer.core.invalidation.CacheInvalidationMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of Bearer's audit writer and cache invalidation channel, bound
 * through {@link MeterBinder}s when Micrometer and a {@link MeterRegistry} are present.
 */
@AutoConfiguration(after = BearerAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(MeterRegistry.class)
public final class BearerMetricsAutoConfiguration {

	@Bean
	@ConditionalOnBean(JdbcAuditSink.class)
	@ConditionalOnMissingBean
	JdbcAuditSinkMetrics jdbcAuditSinkMetrics(JdbcAuditSink sink) {
		return new JdbcAuditSinkMetrics(sink);
	}

	@Bean
	@ConditionalOnBean(CacheInvalidationChannel.class)
	@ConditionalOnMissingBean
	CacheInvalidationMetrics cacheInvalidationMetrics(CacheInvalidationChannel channel) {
		return new CacheInvalidationMetrics(channel);
	}

}
