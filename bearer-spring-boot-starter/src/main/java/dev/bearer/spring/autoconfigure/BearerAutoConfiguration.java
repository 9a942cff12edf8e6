package dev.bearer.spring.autoconfigure;

import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import dev.bearer.core.audit.AuditLogRepository;
import dev.bearer.core.audit.AuditSink;
import dev.bearer.core.audit.JdbcAuditSink;
import dev.bearer.core.audit.LogAuditSink;
import dev.bearer.core.event.AfterCommitEventPublisher;
import dev.bearer.core.schema.BearerSchemaMigrator;
import dev.bearer.core.token.CaffeineTokenLookupCache;
import dev.bearer.core.token.LastUsedRecorder;
import dev.bearer.core.token.TokenGroupRepository;
import dev.bearer.core.token.TokenLookupCache;
import dev.bearer.core.token.TokenRepository;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.token.TokenServiceSettings;
import dev.bearer.core.token.TokenType;
import dev.bearer.core.token.TokenTypeRegistry;
import dev.bearer.core.usage.UsageQueryService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Core Bearer beans: the clock, token types, schema migrations, {@link TokenService} with its
 * lookup cache, the audit sink, the last-used recorder and {@link UsageQueryService}. Registers {@code dev.bearer.core} as an
 * auto-configuration package so Boot's JPA support finds Bearer's entities and repositories, and
 * makes JPA and JDBC beans wait for Bearer's migrations.
 */
@AutoConfiguration(beforeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
		"org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration" },
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@AutoConfigurationPackage(basePackages = "dev.bearer.core")
@EnableConfigurationProperties(BearerProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
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
	@ConditionalOnBooleanProperty(name = "bearer.schema.migrate", matchIfMissing = true)
	BearerSchemaMigrator bearerSchemaMigrator(DataSource dataSource) {
		return new BearerSchemaMigrator(dataSource);
	}

	@Bean
	@ConditionalOnMissingBean
	TokenLookupCache tokenLookupCache(BearerProperties properties) {
		BearerProperties.Cache cache = properties.getCache();
		return cache.isEnabled() ? new CaffeineTokenLookupCache(cache.getTimeToLive(), cache.getMaximumSize())
				: TokenLookupCache.NONE;
	}

	@Bean
	@ConditionalOnMissingBean
	TokenService tokenService(TokenRepository tokens, TokenGroupRepository groups, AuditLogRepository auditLogs,
			TokenTypeRegistry types, BearerProperties properties, PlatformTransactionManager transactionManager,
			ApplicationEventPublisher publisher, Clock clock, TokenLookupCache cache) {
		BearerProperties.Tokens settings = properties.getTokens();
		return new TokenService(tokens, groups, auditLogs, types,
				new TokenServiceSettings(settings.getHashAlgorithm(), (int) settings.getMaxMetadataSize().toBytes()),
				new TransactionTemplate(transactionManager), new AfterCommitEventPublisher(publisher), clock, cache);
	}

	@Bean
	@ConditionalOnMissingBean
	LastUsedRecorder lastUsedRecorder(DataSource dataSource, BearerProperties properties, Clock clock) {
		return new LastUsedRecorder(new JdbcTemplate(dataSource), properties.getAudit().getLastUsedResolution(), clock);
	}

	@Bean
	@ConditionalOnMissingBean
	UsageQueryService usageQueryService(DataSource dataSource, Clock clock) {
		return new UsageQueryService(new JdbcTemplate(dataSource), clock);
	}

	/** The audit sink chosen by {@code bearer.audit.driver}, unless the application defines one. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(AuditSink.class)
	static class AuditSinkConfiguration {

		@Bean
		@ConditionalOnProperty(name = "bearer.audit.driver", havingValue = "jdbc", matchIfMissing = true)
		JdbcAuditSink jdbcAuditSink(DataSource dataSource, BearerProperties properties,
				ObjectProvider<MeterRegistry> meterRegistry) {
			return new JdbcAuditSink(dataSource, properties.getAudit().toSinkSettings(),
					meterRegistry.getIfAvailable(() -> Metrics.globalRegistry));
		}

		@Bean
		@ConditionalOnProperty(name = "bearer.audit.driver", havingValue = "log")
		LogAuditSink logAuditSink() {
			return new LogAuditSink();
		}

		@Bean
		@ConditionalOnProperty(name = "bearer.audit.driver", havingValue = "none")
		AuditSink discardingAuditSink() {
			return record -> {
			};
		}

	}

}
