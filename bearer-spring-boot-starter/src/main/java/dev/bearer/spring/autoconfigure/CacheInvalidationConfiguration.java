package dev.bearer.spring.autoconfigure;

import java.time.Clock;

import javax.sql.DataSource;

import dev.bearer.core.invalidation.CacheInvalidationChannel;
import dev.bearer.core.invalidation.PollingChannel;
import dev.bearer.core.invalidation.PostgresNotifyChannel;
import dev.bearer.core.invalidation.RedisChannel;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.schema.DatabasePlatform;
import dev.bearer.core.token.TokenChangeBroadcast;
import dev.bearer.core.token.TokenLookupCache;
import dev.bearer.spring.autoconfigure.BearerProperties.Cache.Invalidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * The channel chosen by {@code bearer.cache.invalidation} that evicts changed tokens from
 * every node's lookup cache, unless the application defines its own
 * {@link TokenChangeBroadcast} or switches the cache off.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "bearer.cache.enabled", matchIfMissing = true)
@ConditionalOnMissingBean(TokenChangeBroadcast.class)
class CacheInvalidationConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(CacheInvalidationConfiguration.class);

	private static final String PROPERTY = "bearer.cache.invalidation";

	@Bean
	@ConditionalOnMissingBean(TokenChangeBroadcast.class)
	@Conditional(NotNone.class)
	CacheInvalidationChannel databaseCacheInvalidationChannel(BearerProperties properties, BearerSchema schema,
			TokenLookupCache cache, Clock clock) {
		BearerProperties.Cache settings = properties.getCache();
		Invalidation mode = settings.getInvalidation();
		if (mode == Invalidation.REDIS) {
			throw new IllegalStateException(PROPERTY
					+ "=redis needs Spring Data Redis and a RedisConnectionFactory (spring-boot-starter-data-redis)");
		}
		if (mode == Invalidation.POSTGRES || (mode == Invalidation.AUTO && isListenable(schema))) {
			return postgres(schema, settings, cache);
		}
		return new PollingChannel(schema, settings.getInvalidationPollInterval(), clock, cache);
	}

	private static CacheInvalidationChannel postgres(BearerSchema schema, BearerProperties.Cache settings,
			TokenLookupCache cache) {
		if (schema.platform() != DatabasePlatform.POSTGRESQL || !hasPostgresDriver()) {
			throw new IllegalStateException(
					PROPERTY + "=postgres needs PostgreSQL and its JDBC driver (found " + schema.platform().id() + ")");
		}
		DataSource dataSource = schema.dataSource();
		return new PostgresNotifyChannel(dataSource, channelName(settings, schema), cache);
	}

	/**
	 * Whether {@code auto} can listen on the database: PostgreSQL with its JDBC driver. A
	 * database that cannot be reached to tell is polled, which works on every one.
	 */
	private static boolean isListenable(BearerSchema schema) {
		try {
			return schema.platform() == DatabasePlatform.POSTGRESQL && hasPostgresDriver();
		}
		catch (DataAccessException ex) {
			logger.warn(
					"Could not detect the database platform ({}); token changes reach the other nodes by polling "
							+ "{}. Set bearer.schema.platform or " + PROPERTY + " to choose.",
					ex.getMessage(), schema.tokenChangesTable());
			return false;
		}
	}

	private static boolean hasPostgresDriver() {
		return ClassUtils.isPresent("org.postgresql.PGConnection",
				CacheInvalidationConfiguration.class.getClassLoader());
	}

	static String channelName(BearerProperties.Cache settings, BearerSchema schema) {
		String configured = settings.getInvalidationChannel();
		return (configured != null && !configured.isBlank()) ? configured : schema.tokenChangesTable();
	}

	/**
	 * Redis pub/sub, when chosen explicitly or when {@code auto} finds the application's
	 * Redis connection.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisConnectionFactory.class)
	@Conditional(RedisChosen.class)
	static class RedisInvalidationConfiguration {

		@Bean
		RedisChannel redisCacheInvalidationChannel(ObjectProvider<RedisConnectionFactory> connectionFactory,
				BearerProperties properties, BearerSchema schema, TokenLookupCache cache) {
			RedisConnectionFactory redis = connectionFactory.getIfUnique();
			if (redis == null) {
				throw new IllegalStateException(
						PROPERTY + "=redis needs a RedisConnectionFactory bean (spring-boot-starter-data-redis)");
			}
			return new RedisChannel(redis, channelName(properties.getCache(), schema), cache);
		}

	}

	/** {@code bearer.cache.invalidation} is anything but {@code none}. */
	static class NotNone extends NoneNestedConditions {

		NotNone() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(name = PROPERTY, havingValue = "none")
		static class None {

		}

	}

	/**
	 * {@code bearer.cache.invalidation} is {@code redis}, or {@code auto} with a
	 * {@link RedisConnectionFactory} bean.
	 */
	static class RedisChosen extends AnyNestedCondition {

		RedisChosen() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(name = PROPERTY, havingValue = "redis")
		static class Explicit {

		}

		@ConditionalOnProperty(name = PROPERTY, havingValue = "auto", matchIfMissing = true)
		@ConditionalOnBean(RedisConnectionFactory.class)
		static class Auto {

		}

	}

}
