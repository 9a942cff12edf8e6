package dev.bearer.spring.autoconfigure;

import dev.bearer.core.audit.AuditSink;
import dev.bearer.core.audit.JdbcAuditSink;
import dev.bearer.core.audit.LogAuditSink;
import dev.bearer.core.invalidation.CacheInvalidationChannel;
import dev.bearer.core.token.TokenLookupCache;
import dev.bearer.core.usage.UsageQueryService;
import dev.bearer.spring.actuate.BearerEndpoint;
import dev.bearer.spring.actuate.BearerHealthIndicator;
import dev.bearer.spring.ratelimit.RateLimiter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bearer in Spring Boot Actuator, when Actuator is on the classpath: the {@code bearer}
 * endpoint (when available, that is enabled and exposed) and the {@code bearer} health
 * indicator (unless {@code management.health.bearer.enabled=false}).
 */
@AutoConfiguration(after = { BearerAutoConfiguration.class, BearerSecurityAutoConfiguration.class })
public final class BearerActuatorAutoConfiguration {

	/**
	 * The sink's driver when it is one of Bearer's ({@code jdbc}, {@code log},
	 * {@code none}), else its class.
	 */
	static String auditSinkName(AuditSink sink) {
		if (sink instanceof JdbcAuditSink) {
			return "jdbc";
		}
		if (sink instanceof LogAuditSink) {
			return "log";
		}
		return (sink == AuditSink.NONE) ? "none" : sink.getClass().getName();
	}

	/** The {@code bearer} endpoint. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	@ConditionalOnAvailableEndpoint(BearerEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		BearerEndpoint bearerEndpoint(UsageQueryService usage, AuditSink auditSink, TokenLookupCache cache,
				ObjectProvider<RateLimiter> rateLimiter, ObjectProvider<CacheInvalidationChannel> invalidation) {
			return new BearerEndpoint(usage, auditSink, auditSinkName(auditSink), cache, rateLimiter.getIfAvailable(),
					invalidation.getIfAvailable());
		}

	}

	/** The {@code bearer} health indicator. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
	@ConditionalOnEnabledHealthIndicator("bearer")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = { "bearerHealthIndicator", "bearerHealthContributor" })
		BearerHealthIndicator bearerHealthIndicator(AuditSink auditSink, BearerProperties properties,
				ApplicationAvailability availability) {
			return new BearerHealthIndicator(auditSink, auditSinkName(auditSink),
					properties.getAudit().getHealth().getQueueThreshold(), availability);
		}

	}

}
