package dev.bearer.spring.autoconfigure;

import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import dev.bearer.core.audit.AuditLogMaintenance;
import dev.bearer.core.audit.AuditSink;
import dev.bearer.core.audit.JdbcAuditSink;
import dev.bearer.core.audit.LogAuditSink;
import dev.bearer.core.audit.RollupCatchUpSchedule;
import dev.bearer.core.audit.UsageRollups;
import dev.bearer.core.token.AfterCommitEventPublisher;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.schema.BearerSchemaMigrator;
import dev.bearer.core.token.CaffeineTokenLookupCache;
import dev.bearer.core.token.ExpiryWarningScan;
import dev.bearer.core.token.ExpiryWarningScheduler;
import dev.bearer.core.token.LastUsedRecorder;
import dev.bearer.core.token.TokenChangeBroadcast;
import dev.bearer.core.token.TokenLookupCache;
import dev.bearer.core.token.RecentTokenUses;
import dev.bearer.core.token.TokenPolicies;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.token.TimedRevocationScheduler;
import dev.bearer.core.token.TokenType;
import dev.bearer.core.token.TokenTypeRegistry;
import dev.bearer.core.usage.UsageQueryService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Core Bearer beans: the clock, token types, {@link BearerSchema} (Bearer's tables in the
 * {@link BearerDataSource @BearerDataSource} or else the primary data source), schema
 * migrations, the token policies, {@link TokenService} with its lookup cache and the
 * channel that evicts changed tokens on every node, the scheduler of timed group
 * revocations, the expiry warning scan and its scheduler, the audit sink, the last-used
 * recorder, {@link UsageQueryService} and the upkeep of the audit table
 * ({@link AuditLogMaintenance}: upcoming partitions, retention). Makes JPA and JDBC beans
 * wait for Bearer's migrations.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@EnableConfigurationProperties(BearerProperties.class)
@Import({ DatabaseInitializationDependencyConfigurer.class, CacheInvalidationConfiguration.class })
public final class BearerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock bearerClock() {
		return Clock.systemUTC();
	}

	@Bean
	@ConditionalOnMissingBean
	TokenTypeRegistry tokenTypeRegistry(BearerProperties properties) {
		List<TokenType> custom = properties.getTypes()
			.entrySet()
			.stream()
			.map(entry -> entry.getValue().toTokenType(entry.getKey()))
			.toList();
		return TokenTypeRegistry.withCustomTypes(custom);
	}

	@Bean
	@ConditionalOnMissingBean
	TokenPolicies tokenPolicies(BearerProperties properties, TokenTypeRegistry types) {
		return ConfiguredTokenPolicies.of(properties.getTokens().getPolicies(), types);
	}

	@Bean
	@ConditionalOnMissingBean
	BearerSchema bearerSchema(BearerProperties properties, ObjectProvider<DataSource> dataSource,
			@BearerDataSource ObjectProvider<DataSource> bearerDataSource) {
		return properties.getSchema().toSchema(bearerDataSource.getIfAvailable(dataSource::getIfUnique));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "bearer.schema.migrate", matchIfMissing = true)
	BearerSchemaMigrator bearerSchemaMigrator(BearerSchema schema) {
		return new BearerSchemaMigrator(schema);
	}

	@Bean
	@ConditionalOnMissingBean
	TokenLookupCache tokenLookupCache(BearerProperties properties, Clock clock) {
		BearerProperties.Cache cache = properties.getCache();
		return cache.isEnabled() ? new CaffeineTokenLookupCache(cache.getTimeToLive(), cache.getMaximumSize(),
				cache.getNegativeTimeToLive(), cache.getNegativeMaximumSize(), cache.getStaleIfUnreachable(), clock)
				: TokenLookupCache.NONE;
	}

	@Bean
	@ConditionalOnMissingBean
	TokenService tokenService(BearerSchema schema, AuditSink auditSink, TokenTypeRegistry types,
			BearerProperties properties, ObjectProvider<PlatformTransactionManager> transactionManager,
			@BearerDataSource ObjectProvider<DataSource> bearerDataSource, ApplicationEventPublisher publisher,
			Clock clock, TokenLookupCache cache, ObjectProvider<TokenChangeBroadcast> broadcast, TokenPolicies policies,
			ObjectProvider<RecentTokenUses> recentUses) {
		BearerProperties.Tokens settings = properties.getTokens();
		PlatformTransactionManager transactions = (bearerDataSource.getIfAvailable() != null)
				? new DataSourceTransactionManager(schema.dataSource())
				: transactionManager.getIfUnique(() -> new DataSourceTransactionManager(schema.dataSource()));
		return new TokenService(schema, auditSink, types, settings.toSettings().withPolicies(policies),
				new TransactionTemplate(transactions), new AfterCommitEventPublisher(publisher), clock, cache,
				broadcast.getIfUnique(() -> TokenChangeBroadcast.NONE),
				recentUses.getIfUnique(() -> RecentTokenUses.NONE));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "bearer.tokens.timed-revocations.enabled", matchIfMissing = true)
	TimedRevocationScheduler timedRevocationScheduler(TokenService tokenService, BearerProperties properties) {
		return new TimedRevocationScheduler(tokenService,
				properties.getTokens().getTimedRevocations().getPollInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "bearer.tokens.expiry-warnings.enabled", matchIfMissing = true)
	ExpiryWarningScan expiryWarningScan(BearerSchema schema, TokenPolicies policies, BearerProperties properties,
			ApplicationEventPublisher publisher, Clock clock) {
		return new ExpiryWarningScan(schema, policies, properties.getTokens().getExpiryWarnings().toSettings(),
				publisher, clock);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ExpiryWarningScan.class)
	ExpiryWarningScheduler expiryWarningScheduler(ExpiryWarningScan scan, BearerProperties properties) {
		return new ExpiryWarningScheduler(scan, properties.getTokens().getExpiryWarnings().getScanInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	LastUsedRecorder lastUsedRecorder(BearerSchema schema, BearerProperties properties, Clock clock) {
		return new LastUsedRecorder(schema, properties.getAudit().getLastUsedResolution(), clock);
	}

	@Bean
	@ConditionalOnMissingBean
	UsageQueryService usageQueryService(BearerSchema schema, Clock clock) {
		return new UsageQueryService(schema, clock);
	}

	@Bean(initMethod = "start")
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "bearer.audit.maintenance.enabled", matchIfMissing = true)
	AuditLogMaintenance auditLogMaintenance(BearerSchema schema, BearerProperties properties, Clock clock) {
		return new AuditLogMaintenance(schema, properties.getAudit().toMaintenanceSettings(), clock);
	}

	@Bean
	@ConditionalOnMissingBean
	UsageRollups usageRollups(BearerSchema schema, BearerProperties properties, Clock clock) {
		return new UsageRollups(schema, properties.getAudit().toMaintenanceSettings(), clock);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	RollupCatchUpSchedule rollupCatchUpSchedule(UsageRollups rollups, BearerProperties properties) {
		return new RollupCatchUpSchedule(rollups, properties.getAudit().getRollupCatchUpInterval());
	}

	/**
	 * The audit sink chosen by {@code bearer.audit.driver}, unless the application
	 * defines one.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(AuditSink.class)
	static class AuditSinkConfiguration {

		@Bean
		@ConditionalOnProperty(name = "bearer.audit.driver", havingValue = "jdbc", matchIfMissing = true)
		JdbcAuditSink jdbcAuditSink(BearerSchema schema, BearerProperties properties) {
			BearerProperties.Audit audit = properties.getAudit();
			return new JdbcAuditSink(schema, audit.toSinkSettings(AuditSpoolDirectory.of(audit.getSpool(), schema)));
		}

		@Bean
		@ConditionalOnProperty(name = "bearer.audit.driver", havingValue = "log")
		LogAuditSink logAuditSink() {
			return new LogAuditSink();
		}

		@Bean
		@ConditionalOnProperty(name = "bearer.audit.driver", havingValue = "none")
		AuditSink discardingAuditSink() {
			return AuditSink.NONE;
		}

	}

}
