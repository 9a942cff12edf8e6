package dev.bearer.spring.autoconfigure;

import java.time.Clock;
import java.util.Optional;

import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.token.TokenService;
import dev.bearer.spring.ratelimit.JdbcBuckets;
import dev.bearer.spring.ratelimit.LocalRateLimiter;
import dev.bearer.spring.ratelimit.QuotaLimiter;
import dev.bearer.spring.ratelimit.RateLimitMetrics;
import dev.bearer.spring.ratelimit.RateLimiter;
import dev.bearer.spring.ratelimit.RedisBuckets;
import dev.bearer.spring.ratelimit.SharedBackend;
import dev.bearer.spring.ratelimit.SharedBuckets;
import dev.bearer.spring.ratelimit.SharedRateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.StringUtils;

/**
 * Per-token rate limits and quotas: the {@link RateLimiter} and the {@link QuotaLimiter}
 * the authentication filter consults, on the backend {@code bearer.rate-limit.backend}
 * names (quotas' credits are always counted in the tokens table). {@code local} keeps the
 * buckets in each node's memory; {@code redis} (Bucket4j over Lettuce, on
 * {@code bearer.rate-limit.redis.url} or else the application's Spring Data Redis
 * connection) and {@code jdbc} (Bucket4j on PostgreSQL, MySQL or MariaDB, in Bearer's
 * database) share them between nodes, through a {@link SharedBuckets} bean. A backend
 * whose classes are missing fails the start with what to add; {@code jdbc} on H2 (which
 * Bucket4j has no backend for) stays local and says so at INFO.
 */
@AutoConfiguration(after = BearerAutoConfiguration.class, before = BearerSecurityAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public final class BearerRateLimitAutoConfiguration {

	static final String LETTUCE_PROXY_MANAGER = "io.github.bucket4j.redis.lettuce.Bucket4jLettuce";

	static final String LETTUCE_CLIENT = "io.lettuce.core.RedisClient";

	static final String LETTUCE_CONNECTION_FACTORY = "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory";

	/**
	 * Calls on the shared buckets with the outage policy, shared by rate limits and
	 * quotas; {@code null} (no bean) when the buckets stay local.
	 */
	@Bean
	@ConditionalOnMissingBean
	SharedBackend bearerSharedBackend(BearerProperties properties, ObjectProvider<SharedBuckets> shared) {
		BearerProperties.RateLimit rateLimit = properties.getRateLimit();
		SharedBuckets buckets = shared.getIfAvailable();
		if (buckets == null && rateLimit.getBackend() == BearerProperties.RateLimit.Backend.REDIS) {
			throw new IllegalStateException("bearer.rate-limit.backend=redis needs com.bucket4j:bucket4j_jdk17-lettuce "
					+ "and io.lettuce:lettuce-core on the class path");
		}
		return (buckets != null)
				? new SharedBackend(buckets, rateLimit.getOnBackendFailure(), rateLimit.getBackendRetryInterval())
				: null;
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimiter bearerRateLimiter(BearerProperties properties, Clock clock, ObjectProvider<SharedBackend> shared) {
		if (!properties.getRateLimit().isEnabled()) {
			return RateLimiter.UNLIMITED;
		}
		LocalRateLimiter local = new LocalRateLimiter(clock);
		SharedBackend backend = shared.getIfAvailable();
		return (backend != null) ? new SharedRateLimiter(backend, local) : local;
	}

	@Bean
	@ConditionalOnMissingBean
	QuotaLimiter bearerQuotaLimiter(TokenService tokens, BearerProperties properties, Clock clock,
			ObjectProvider<SharedBackend> shared) {
		return new QuotaLimiter(tokens, clock, properties.getQuota().getZone(), shared.getIfAvailable());
	}

	/** Buckets in Redis, through Bucket4j's Lettuce backend. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "bearer.rate-limit.backend", havingValue = "redis")
	@ConditionalOnClass(name = { LETTUCE_PROXY_MANAGER, LETTUCE_CLIENT })
	static class RedisBackendConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SharedBuckets bearerSharedBuckets(BearerProperties properties, Clock clock,
				ObjectProvider<ApplicationRedisConnector> applicationConnection) {
			BearerProperties.RateLimit rateLimit = properties.getRateLimit();
			String url = rateLimit.getRedis().getUrl();
			if (StringUtils.hasText(url)) {
				return RedisBuckets.of(url, rateLimit.getRedis().getKeyPrefix(), clock, rateLimit.getBackendTimeout());
			}
			ApplicationRedisConnector connector = applicationConnection.getIfAvailable();
			if (connector == null) {
				throw new IllegalStateException("bearer.rate-limit.backend=redis needs bearer.rate-limit.redis.url, "
						+ "or a Spring Data Redis connection on Lettuce (spring-boot-starter-data-redis)");
			}
			return RedisBuckets.of(connector, rateLimit.getRedis().getKeyPrefix(), clock,
					rateLimit.getBackendTimeout());
		}

		/**
		 * The application's Spring Data Redis connection factory, when it has one and it
		 * is Lettuce's.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = LETTUCE_CONNECTION_FACTORY)
		static class ApplicationConnectionConfiguration {

			/**
			 * A connector through the application's client, or {@code null} (no bean)
			 * without one.
			 */
			@Bean
			@ConditionalOnMissingBean
			ApplicationRedisConnector bearerApplicationRedisConnector(
					ObjectProvider<LettuceConnectionFactory> connectionFactory) {
				LettuceConnectionFactory factory = connectionFactory.getIfUnique();
				return (factory != null) ? new ApplicationRedisConnector(factory::getRequiredNativeClient) : null;
			}

		}

	}

	/** Buckets in Bearer's database, through Bucket4j's PostgreSQL or MySQL backend. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "bearer.rate-limit.backend", havingValue = "jdbc")
	static class JdbcBackendConfiguration {

		private static final Logger logger = LoggerFactory.getLogger(JdbcBackendConfiguration.class);

		/** The buckets, or {@code null} (no bean) on H2, where they stay local. */
		@Bean
		@ConditionalOnMissingBean
		SharedBuckets bearerSharedBuckets(BearerSchema schema, BearerProperties properties, Clock clock,
				ResourceLoader resourceLoader) {
			BearerProperties.RateLimit rateLimit = properties.getRateLimit();
			Optional<SharedBuckets> buckets = JdbcBuckets.of(schema, clock, rateLimit.getBackendTimeout(),
					rateLimit.getJdbc().toCleanup(), resourceLoader.getClassLoader());
			if (buckets.isEmpty()) {
				logger.info("bearer.rate-limit.backend=jdbc: Bucket4j has no backend for {}, so rate limits are "
						+ "counted in each node's memory", schema.platform().id());
			}
			return buckets.orElse(null);
		}

	}

	/**
	 * Counts the shared backend's fallbacks (rate limits and quotas) in Micrometer, when
	 * it is there.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RateLimitMetrics bearerRateLimitMetrics(ObjectProvider<SharedBackend> sharedBackend) {
			return new RateLimitMetrics(sharedBackend.getIfAvailable());
		}

	}

}
