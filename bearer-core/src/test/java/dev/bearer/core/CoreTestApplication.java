package dev.bearer.core;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import javax.sql.DataSource;

import dev.bearer.core.audit.AuditSink;
import dev.bearer.core.audit.JdbcAuditSink;
import dev.bearer.core.audit.JdbcAuditSinkSettings;
import dev.bearer.core.token.AfterCommitEventPublisher;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.schema.BearerSchemaMigrator;
import dev.bearer.core.test.MutableClock;
import dev.bearer.core.test.StatementCounter;
import dev.bearer.core.token.CaffeineTokenLookupCache;
import dev.bearer.core.token.TokenChangeBroadcast;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenLookupCache;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.token.TokenServiceSettings;
import dev.bearer.core.token.TokenType;
import dev.bearer.core.token.TokenTypeRegistry;
import dev.bearer.core.usage.UsageQueryService;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires bearer-core by hand for its integration tests (the starter's auto-configuration
 * does this for users): JDBC only, so {@link TokenService} runs on Boot's
 * {@code DataSourceTransactionManager}.
 */
@SpringBootApplication
public class CoreTestApplication {

	/** A custom type that only exists in the test environment: {@code ci}. */
	public static final TokenType CI_TYPE = new TokenType("ci", "Continuous integration", List.of("builds:run"),
			Duration.ofHours(1), 30, EnumSet.of(TokenEnvironment.TEST), true);

	@Bean
	static StatementCounter statementCounter() {
		return new StatementCounter();
	}

	@Bean
	MutableClock clock() {
		return MutableClock.startingNow();
	}

	@Bean
	BearerSchema bearerSchema(DataSource dataSource) {
		return BearerSchema.of(dataSource);
	}

	@Bean
	BearerSchemaMigrator bearerSchemaMigrator(BearerSchema schema) {
		return new BearerSchemaMigrator(schema);
	}

	@Bean
	JdbcAuditSink auditSink(BearerSchema schema) {
		return new JdbcAuditSink(schema, JdbcAuditSinkSettings.DEFAULTS);
	}

	@Bean
	TokenTypeRegistry tokenTypeRegistry() {
		return TokenTypeRegistry.withCustomTypes(List.of(CI_TYPE));
	}

	@Bean
	CaffeineTokenLookupCache tokenLookupCache(Clock clock) {
		return new CaffeineTokenLookupCache(Duration.ofMinutes(1), 1000, Duration.ofMinutes(1), 1000, clock);
	}

	@Bean
	TokenService tokenService(BearerSchema schema, AuditSink auditSink, TokenTypeRegistry types,
			PlatformTransactionManager transactionManager, ApplicationEventPublisher publisher, Clock clock,
			TokenLookupCache cache) {
		return new TokenService(schema, auditSink, types, TokenServiceSettings.DEFAULTS,
				new TransactionTemplate(transactionManager), new AfterCommitEventPublisher(publisher), clock, cache,
				TokenChangeBroadcast.NONE);
	}

	@Bean
	UsageQueryService usageQueryService(BearerSchema schema, Clock clock) {
		return new UsageQueryService(schema, clock);
	}

}
