package dev.bearer.spring.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import javax.sql.DataSource;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.audit.AuditLogMaintenance;
import dev.bearer.core.audit.AuditMaintenanceSettings;
import dev.bearer.core.audit.AuditMeters;
import dev.bearer.core.audit.AuditRecord;
import dev.bearer.core.audit.AuditSink;
import dev.bearer.core.audit.JdbcAuditSink;
import dev.bearer.core.audit.JdbcAuditSinkMetrics;
import dev.bearer.core.audit.JdbcAuditSinkSettings;
import dev.bearer.core.audit.LogAuditSink;
import dev.bearer.core.audit.UsageRollups;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.schema.BearerSchemaMigrator;
import dev.bearer.core.schema.DatabasePlatform;
import dev.bearer.core.token.CaffeineTokenLookupCache;
import dev.bearer.core.token.DeriveTokenRequest;
import dev.bearer.core.token.ExpiryWarningScan;
import dev.bearer.core.token.ExpiryWarningScheduler;
import dev.bearer.core.token.InvalidTokenRequestException;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.LastUsedRecorder;
import dev.bearer.core.token.TimedRevocationScheduler;
import dev.bearer.core.token.Token;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenLookupCache;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenPolicies;
import dev.bearer.core.token.TokenPolicy;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.token.TokenTypeRegistry;
import dev.bearer.core.usage.AuditEntry;
import dev.bearer.core.usage.UsageQueryService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** One test per condition of {@link BearerAutoConfiguration}. */
class BearerAutoConfigurationTests {

	private static final TokenOwner OWNER = TokenOwner.of("user", 1);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
				BearerAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true");

	@Test
	void defaultsProvideTokenServiceJdbcSinkCacheAndMigrations() {
		this.runner.run(context -> {
			assertThat(context).hasSingleBean(TokenService.class);
			assertThat(context).hasSingleBean(UsageQueryService.class);
			assertThat(context).hasSingleBean(BearerSchemaMigrator.class);
			assertThat(context).getBean(AuditSink.class).isInstanceOf(JdbcAuditSink.class);
			assertThat(context).getBean(TokenLookupCache.class).isInstanceOf(CaffeineTokenLookupCache.class);
			assertThat(context.getBean(Clock.class).getZone()).isEqualTo(ZoneOffset.UTC);
		});
	}

	@Test
	void existingSchemaOfAnApplicationWithoutFlywayIsLeftToItself() throws Exception {
		String url = "jdbc:h2:mem:existing-app;DB_CLOSE_DELAY=-1";
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				Statement statement = connection.createStatement()) {
			statement.execute("create table customer (id bigint primary key)");
		}

		this.runner.withPropertyValues("spring.datasource.url=" + url, "spring.datasource.generate-unique-name=false")
			.run(context -> {
				assertThat(context).hasNotFailed();
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.queryForList("select lower(table_name) from information_schema.tables", String.class))
					.contains("customer", "bearer_tokens", "bearer_schema_history")
					.doesNotContain("flyway_schema_history");
			});
		assertThat(ClassUtils.isPresent("org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration", null))
			.as("the starter must not bring Boot's Flyway auto-configuration")
			.isFalse();
	}

	@Test
	void auditPropertyDefaultsAreTheWritersDefaults() {
		assertThat(new BearerProperties().getAudit().toSinkSettings(null)).isEqualTo(JdbcAuditSinkSettings.DEFAULTS);
	}

	@Test
	void auditSpoolOfADatabaseLivesInAFolderOfItsOwnAndIsRemovedWhenLeftEmpty(@TempDir Path directory) {
		this.runner.withPropertyValues("bearer.audit.spool.directory=" + directory).run(context -> {
			assertThat(context).hasNotFailed();
			try (Stream<Path> databases = Files.list(directory)) {
				List<Path> folders = databases.toList();
				assertThat(folders).hasSize(1);
				assertThat(folders.get(0).resolve("slot-0").resolve(".lock")).exists();
			}
		});
		assertThat(directory).isEmptyDirectory();
	}

	@Test
	void auditSpoolSwitchedOffLeavesTheDiskAlone(@TempDir Path directory) {
		this.runner.withPropertyValues("bearer.audit.spool.directory=" + directory, "bearer.audit.spool.enabled=false")
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(directory).isEmptyDirectory();
			});
	}

	@Test
	void applicationAuditSinkReplacesTheDriver() {
		this.runner.withUserConfiguration(OwnSink.class).run(context -> {
			assertThat(context).hasSingleBean(AuditSink.class);
			assertThat(context).getBean(AuditSink.class).isSameAs(context.getBean(OwnSink.class).sink);
		});
	}

	@Test
	void logDriverWritesToSlf4j() {
		this.runner.withPropertyValues("bearer.audit.driver=log")
			.run(context -> assertThat(context).getBean(AuditSink.class).isInstanceOf(LogAuditSink.class));
	}

	@Test
	void noneDriverDiscards() {
		this.runner.withPropertyValues("bearer.audit.driver=none").run(context -> {
			assertThat(context).hasSingleBean(AuditSink.class);
			assertThat(context).doesNotHaveBean(JdbcAuditSink.class);
			assertThat(context).doesNotHaveBean(LogAuditSink.class);
		});
	}

	@Test
	void timedRevocationSchedulerRunsByDefault() {
		this.runner.run(context -> assertThat(context).getBean(TimedRevocationScheduler.class)
			.satisfies(scheduler -> assertThat(scheduler.isRunning()).isTrue()));
	}

	@Test
	void timedRevocationSchedulerCanBeSwitchedOff() {
		this.runner.withPropertyValues("bearer.tokens.timed-revocations.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(TimedRevocationScheduler.class));
	}

	@Test
	void invalidTimedRevocationPollIntervalFailsStartup() {
		this.runner.withPropertyValues("bearer.tokens.timed-revocations.poll-interval=0s")
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("pollInterval"));
	}

	@Test
	void maxDerivationDepthComesFromProperties() {
		this.runner.withPropertyValues("bearer.tokens.max-derivation-depth=0").run(context -> {
			TokenService tokens = context.getBean(TokenService.class);
			long parentId = tokens.issue(IssueTokenRequest.builder(OWNER, "parent").build()).token().id();
			assertThatExceptionOfType(InvalidTokenRequestException.class)
				.isThrownBy(() -> tokens.derive(parentId, DeriveTokenRequest.builder("child").build()))
				.withMessageContaining("maximum depth is 0");
		});
	}

	@Test
	void auditMaintenancePropertyDefaultsKeepRowsForever() {
		assertThat(new BearerProperties().getAudit().toMaintenanceSettings())
			.isEqualTo(AuditMaintenanceSettings.DEFAULTS);
	}

	@Test
	void auditMaintenanceAppliesTheRetentionOnItsSchedule() {
		this.runner
			.withPropertyValues("bearer.audit.retention=30d", "bearer.audit.maintenance.interval=50ms",
					"bearer.audit.maintenance.batch-pause=0ms")
			.run(context -> {
				assertThat(context).hasSingleBean(AuditLogMaintenance.class);
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				Instant now = context.getBean(Clock.class).instant();
				String insert = "insert into bearer_token_audit_logs (event, user_agent, created_at) values (?, ?, ?)";
				jdbc.update(insert, "authenticated", "expired",
						now.minus(Duration.ofDays(31)).atOffset(ZoneOffset.UTC));
				jdbc.update(insert, "authenticated", "kept", now.minus(Duration.ofDays(29)).atOffset(ZoneOffset.UTC));

				await().atMost(Duration.ofSeconds(10))
					.until(() -> jdbc.queryForList("select user_agent from bearer_token_audit_logs", String.class),
							(agents) -> agents.equals(List.of("kept")));
			});
	}

	@Test
	void auditMaintenanceCanBeSwitchedOff() {
		this.runner.withPropertyValues("bearer.audit.maintenance.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(AuditLogMaintenance.class));
	}

	@Test
	void applicationAuditLogMaintenanceReplacesTheDefault() {
		this.runner.withUserConfiguration(OwnMaintenance.class).run(context -> {
			assertThat(context).hasSingleBean(AuditLogMaintenance.class);
			assertThat(context).getBean(AuditLogMaintenance.class)
				.isSameAs(context.getBean(OwnMaintenance.class).maintenance);
		});
	}

	@Test
	void nonPositiveRetentionFailsStartupNamingIt() {
		this.runner.withPropertyValues("bearer.audit.retention=0s")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("retention must be positive (was PT0S)"));
	}

	@Test
	void rollupRetentionShorterThanTheRetentionFailsStartupNamingBothProperties() {
		this.runner.withPropertyValues("bearer.audit.retention=90d", "bearer.audit.rollup-retention=30d")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageStartingWith("bearer.audit.rollup-retention (PT720H) must not be shorter than "
						+ "bearer.audit.retention (PT2160H)"));
	}

	@Test
	void rollupRetentionDeletesOldRollupRowsOnTheMaintenanceSchedule() {
		this.runner
			.withPropertyValues("bearer.audit.retention=30d", "bearer.audit.rollup-retention=400d",
					"bearer.audit.maintenance.interval=50ms", "bearer.audit.maintenance.batch-pause=0ms")
			.run(context -> {
				assertThat(context.getBean(AuditLogMaintenance.class)).isNotNull();
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				long now = context.getBean(Clock.class).instant().getEpochSecond();
				long old = now - Duration.ofDays(401).toSeconds();
				long kept = now - Duration.ofDays(399).toSeconds();
				for (long second : List.of(old, kept)) {
					long bucket = second - Math.floorMod(second, 900);
					jdbc.update("insert into bearer_audit_rollup_buckets (token_id, event, bucket_start, uses) "
							+ "values (987654, 'authenticated', ?, 1)", bucket);
				}

				await().atMost(Duration.ofSeconds(10))
					.until(() -> jdbc.queryForList(
							"select bucket_start from bearer_audit_rollup_buckets where token_id = 987654", Long.class),
							(starts) -> starts.equals(List.of(kept - Math.floorMod(kept, 900))));
			});
	}

	@Test
	void migrationsCanBeSwitchedOff() {
		this.runner.withPropertyValues("bearer.schema.migrate=false")
			.run(context -> assertThat(context).doesNotHaveBean(BearerSchemaMigrator.class));
	}

	@Test
	void cacheRemembersUnknownHashesByDefault() {
		this.runner.run(context -> {
			TokenLookupCache cache = context.getBean(TokenLookupCache.class);
			cache.putUnknown("hash", cache.generation());
			assertThat(cache.isUnknown("hash")).isTrue();
		});
	}

	@Test
	void zeroNegativeTimeToLiveRemembersNoUnknownHash() {
		this.runner.withPropertyValues("bearer.cache.negative-time-to-live=0s").run(context -> {
			TokenLookupCache cache = context.getBean(TokenLookupCache.class);
			cache.putUnknown("hash", cache.generation());
			assertThat(cache.isUnknown("hash")).isFalse();
		});
	}

	@Test
	void cacheCanBeSwitchedOff() {
		this.runner.withPropertyValues("bearer.cache.enabled=false")
			.run(context -> assertThat(context).getBean(TokenLookupCache.class).isSameAs(TokenLookupCache.NONE));
	}

	@Test
	void applicationClockIsUsed() {
		this.runner.withUserConfiguration(FixedClock.class)
			.run(context -> assertThat(context).getBean(Clock.class).isSameAs(context.getBean(FixedClock.class).clock));
	}

	@Test
	void customTypesComeFromProperties() {
		this.runner
			.withPropertyValues("bearer.types.ci.abilities=builds:run", "bearer.types.ci.lifetime=1h",
					"bearer.types.ci.rate-limit-per-minute=30", "bearer.types.ci.environments=test",
					"bearer.types.ci.server-side-only=true")
			.run(context -> assertThat(context.getBean(TokenTypeRegistry.class).find("ci")).hasValueSatisfying(type -> {
				assertThat(type.defaultAbilities()).containsExactly("builds:run");
				assertThat(type.defaultRateLimitPerMinute()).isEqualTo(30);
				assertThat(type.serverSideOnly()).isTrue();
			}));
	}

	@Test
	void overridingOneSettingOfABuiltInTypeKeepsItsOtherDefaults() {
		this.runner.withPropertyValues("bearer.types.pk.lifetime=7d")
			.run(context -> assertThat(context.getBean(TokenTypeRegistry.class).find("pk")).hasValueSatisfying(type -> {
				assertThat(type.defaultLifetime()).isEqualTo(Duration.ofDays(7));
				assertThat(type.defaultAbilities()).containsExactly("read");
				assertThat(type.defaultRateLimitPerMinute()).isEqualTo(1000);
				assertThat(type.serverSideOnly()).isFalse();
			}));
	}

	@Test
	void newTypeWithoutSettingsGetsTheGenericDefaults() {
		this.runner.withPropertyValues("bearer.types.ci.display-name=CI")
			.run(context -> assertThat(context.getBean(TokenTypeRegistry.class).find("ci")).hasValueSatisfying(type -> {
				assertThat(type.displayName()).isEqualTo("CI");
				assertThat(type.defaultAbilities()).containsExactly("*");
				assertThat(type.defaultLifetime()).isNull();
				assertThat(type.serverSideOnly()).isFalse();
			}));
	}

	@Test
	void invalidCustomTypeFailsStartupWithAClearMessage() {
		this.runner.withPropertyValues("bearer.types.Bad_Prefix.abilities=x")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Token type prefix"));
	}

	@Test
	void policiesAreBoundPerTypeWithEnvironmentOverrides() {
		this.runner
			.withPropertyValues("bearer.tokens.policies.sk.max-lifetime=365d",
					"bearer.tokens.policies.sk.idle-expiry=90d",
					"bearer.tokens.policies.sk.environments.live.max-lifetime=90d",
					"bearer.tokens.policies.sk.environments.live.require-expiry=true")
			.run(context -> {
				TokenPolicies policies = context.getBean(TokenPolicies.class);
				assertThat(policies.policyFor("sk", TokenEnvironment.TEST))
					.isEqualTo(new TokenPolicy(Duration.ofDays(365), Duration.ofDays(90), false));
				assertThat(policies.policyFor("sk", TokenEnvironment.LIVE))
					.isEqualTo(new TokenPolicy(Duration.ofDays(90), Duration.ofDays(90), true));
				assertThat(policies.policyFor("pk", TokenEnvironment.LIVE)).isEqualTo(TokenPolicy.NONE);
			});
	}

	@Test
	void policyOfAnUnknownTypeFailsStartupNamingTheProperty() {
		assertPolicyFailure("bearer.tokens.policies.xy.idle-expiry=1d",
				"bearer.tokens.policies.xy: no token type 'xy' (built-in sk, pk, rk, or under bearer.types)");
	}

	@Test
	void policyOfAnUnknownEnvironmentFailsStartupNamingTheProperty() {
		assertPolicyFailure("bearer.tokens.policies.sk.environments.prod.require-expiry=true",
				"bearer.tokens.policies.sk.environments.prod: unknown environment 'prod' (expected test or live)");
	}

	@Test
	void nonPositivePolicyDurationFailsStartupNamingTheProperty() {
		assertPolicyFailure("bearer.tokens.policies.sk.idle-expiry=0s",
				"bearer.tokens.policies.sk.idle-expiry must be positive (was PT0S)");
		assertPolicyFailure("bearer.tokens.policies.sk.environments.live.max-lifetime=-1d",
				"bearer.tokens.policies.sk.environments.live.max-lifetime must be positive (was PT-24H)");
	}

	@Test
	void maxLifetimeShorterThanTheTypesDefaultLifetimeFailsStartup() {
		assertPolicyFailure("bearer.tokens.policies.pk.environments.live.max-lifetime=7d",
				"bearer.tokens.policies.pk.environments.live.max-lifetime (PT168H) is shorter than the default lifetime "
						+ "of 'pk' keys (PT720H); shorten bearer.types.pk.lifetime");
	}

	@Test
	void expiryWarningsAreScannedByDefault() {
		this.runner.run(context -> {
			assertThat(context).hasSingleBean(ExpiryWarningScan.class).hasSingleBean(ExpiryWarningScheduler.class);
			assertThat(context.getBean(ExpiryWarningScheduler.class).isRunning()).isTrue();
		});
	}

	@Test
	void expiryWarningsOffLeaveNoScan() {
		this.runner.withPropertyValues("bearer.tokens.expiry-warnings.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(ExpiryWarningScan.class)
				.doesNotHaveBean(ExpiryWarningScheduler.class));
	}

	@Test
	void nonPositiveExpiryWarningThresholdFailsStartupNamingTheProperty() {
		assertPolicyFailure("bearer.tokens.expiry-warnings.thresholds=3d,0s",
				"bearer.tokens.expiry-warnings.thresholds must be positive (was PT0S)");
		assertPolicyFailure("bearer.tokens.expiry-warnings.idle-after=-1h",
				"bearer.tokens.expiry-warnings.idle-after must be positive (was PT-1H)");
	}

	private void assertPolicyFailure(String property, String message) {
		this.runner.withPropertyValues(property)
			.run(context -> assertThat(context).hasFailed().getFailure().rootCause().hasMessage(message));
	}

	@Test
	void lifecycleRowsOfAnApplicationSinkArriveAfterCommitAndNeverInTheDatabase() {
		this.runner.withUserConfiguration(RecordingSink.class).run(context -> {
			List<AuditRecord> received = context.getBean(RecordingSink.class).received;
			TokenService tokens = context.getBean(TokenService.class);
			TransactionTemplate transactions = new TransactionTemplate(
					context.getBean(PlatformTransactionManager.class));

			transactions.executeWithoutResult(status -> {
				tokens.issue(IssueTokenRequest.builder(OWNER, "rolled back").build());
				assertThat(received).as("nothing reaches the sink before commit").isEmpty();
				status.setRollbackOnly();
			});
			assertThat(received).isEmpty();

			Token token = transactions.execute(status -> {
				Token issued = tokens.issue(IssueTokenRequest.builder(OWNER, "committed").build()).token();
				assertThat(received).as("nothing reaches the sink before commit").isEmpty();
				return issued;
			});
			tokens.revoke(token.id(), "done");
			assertThat(received).extracting(AuditRecord::event).containsExactly(AuditEvent.CREATED, AuditEvent.REVOKED);
			assertThat(received).extracting(AuditRecord::tokenId).containsOnly(token.id());
			assertThat(auditRows(context)).isZero();
		});
	}

	@Test
	void logDriverKeepsLifecycleRowsOutOfTheDatabase() {
		this.runner.withPropertyValues("bearer.audit.driver=log").run(context -> {
			Token token = context.getBean(TokenService.class)
				.issue(IssueTokenRequest.builder(OWNER, "logged").build())
				.token();
			context.getBean(TokenService.class).revoke(token.id(), null);

			assertThat(auditRows(context)).isZero();
		});
	}

	@Test
	void jdbcDriverWritesLifecycleRowsInTheTokenChangesTransaction() {
		this.runner.run(context -> {
			TokenService tokens = context.getBean(TokenService.class);
			new TransactionTemplate(context.getBean(PlatformTransactionManager.class)).executeWithoutResult(status -> {
				tokens.issue(IssueTokenRequest.builder(OWNER, "audited").build());
				assertThat(auditRows(context)).as("written inside the transaction").isOne();
			});

			assertThat(auditRows(context)).isOne();
		});
	}

	@Test
	void platformPropertyIsUsedInsteadOfDetection() {
		this.runner.withUserConfiguration(UnreachableDatabase.class)
			.withPropertyValues("bearer.schema.migrate=false", "bearer.schema.platform=MariaDB")
			.run(context -> {
				BearerSchema schema = context.getBean(BearerSchema.class);
				assertThat(schema.platform()).isEqualTo(DatabasePlatform.MARIADB);
				assertThat(schema.dialect().migrationFolder()).isEqualTo("mysql");
			});
		this.runner.withUserConfiguration(UnreachableDatabase.class)
			.withPropertyValues("bearer.schema.migrate=false")
			.run(context -> assertThatExceptionOfType(DataAccessResourceFailureException.class)
				.isThrownBy(() -> context.getBean(BearerSchema.class).platform()));
	}

	@Test
	void unknownPlatformFailsStartupWithAClearMessage() {
		this.runner.withPropertyValues("bearer.schema.platform=oracle")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("Unknown Bearer database platform 'oracle' (supported: h2, postgresql, mysql, mariadb)"));
	}

	@Test
	void invalidTablePrefixFailsStartupWithAClearMessage() {
		this.runner.withPropertyValues("bearer.schema.table-prefix=acme-")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Invalid Bearer table prefix 'acme-'"));
	}

	@Test
	void bearerDataSourceHoldsBearersTablesAndRows() {
		this.runner.withUserConfiguration(TwoDataSources.class)
			.withPropertyValues("bearer.audit.last-used-resolution=0s")
			.run(context -> {
				TwoDataSources dataSources = context.getBean(TwoDataSources.class);
				JdbcTemplate primary = new JdbcTemplate(dataSources.primary);
				JdbcTemplate bearer = new JdbcTemplate(dataSources.bearer);
				Token token = context.getBean(TokenService.class)
					.issue(IssueTokenRequest.builder(OWNER, "elsewhere").build())
					.token();
				context.getBean(AuditSink.class)
					.write(new AuditRecord(token.id(), AuditEvent.AUTHENTICATED, "192.0.2.1", null, null,
							Instant.now()));
				assertThat(context.getBean(AuditSink.class).flush(Duration.ofSeconds(10))).isTrue();
				LastUsedRecorder lastUsed = context.getBean(LastUsedRecorder.class);
				lastUsed.recordUse(token.id());
				lastUsed.flush();

				assertThat(tables(primary)).doesNotContain("bearer_tokens", "bearer_schema_history");
				assertThat(tables(bearer)).contains("bearer_tokens", "bearer_token_audit_logs",
						"bearer_schema_history");
				assertThat(context.getBean(UsageQueryService.class).query().token(token.id()).oldestFirst().list())
					.extracting(AuditEntry::event)
					.containsExactly(AuditEvent.CREATED, AuditEvent.AUTHENTICATED);
				assertThat(bearer.queryForObject("select count(*) from bearer_tokens where last_used_at is not null",
						Long.class))
					.isOne();
			});
	}

	@Test
	void scheduledCatchUpAddsRowsInsertedStraightIntoTheAuditTableToTheRollups() {
		this.runner.withPropertyValues("bearer.audit.rollup-catch-up-interval=50ms").run(context -> {
			assertThat(context).hasSingleBean(UsageRollups.class);
			Token token = context.getBean(TokenService.class)
				.issue(IssueTokenRequest.builder(OWNER, "imported").build())
				.token();
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			jdbc.update("insert into bearer_token_audit_logs (token_id, event, ip_address, created_at) "
					+ "values (?, 'authenticated', '192.0.2.1', current_timestamp)", token.id());
			long imported = jdbc.queryForObject("select max(id) from bearer_token_audit_logs", Long.class);
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (jdbc.queryForObject("select covered_id from bearer_audit_rollup_mark", Long.class) < imported
					&& System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(jdbc.queryForObject("select uses from bearer_audit_rollup_totals where token_id = ?", Long.class,
					token.id()))
				.isOne();
			assertThat(context.getBean(UsageQueryService.class).authenticationCount(token.id())).isOne();
		});
	}

	@Test
	void auditWriterMetricsAreBoundWhenAMeterRegistryIsPresent() {
		this.runner.withConfiguration(AutoConfigurations.of(BearerMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.run(context -> {
				assertThat(context).hasSingleBean(JdbcAuditSinkMetrics.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(JdbcAuditSinkMetrics.class).bindTo(registry);
				assertThat(registry.get(AuditMeters.QUEUE_DEPTH).gauge().value()).isZero();
				assertThat(registry.get(AuditMeters.WRITTEN).functionCounter().count()).isZero();
			});
	}

	@Test
	void auditWriterMetricsNeedAMeterRegistryAndTheJdbcDriver() {
		this.runner.withConfiguration(AutoConfigurations.of(BearerMetricsAutoConfiguration.class))
			.run(context -> assertThat(context).doesNotHaveBean(JdbcAuditSinkMetrics.class));
		this.runner.withConfiguration(AutoConfigurations.of(BearerMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("bearer.audit.driver=log")
			.run(context -> assertThat(context).doesNotHaveBean(JdbcAuditSinkMetrics.class));
	}

	private static long auditRows(ApplicationContext context) {
		return new JdbcTemplate(context.getBean(DataSource.class))
			.queryForObject("select count(*) from bearer_token_audit_logs", Long.class);
	}

	private static List<String> tables(JdbcTemplate jdbc) {
		return jdbc.queryForList("select lower(table_name) from information_schema.tables", String.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingSink {

		final List<AuditRecord> received = new CopyOnWriteArrayList<>();

		@Bean
		AuditSink auditSink() {
			return this.received::add;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnreachableDatabase {

		@Bean
		DataSource dataSource() {
			return new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none", "nobody", "");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSources {

		final DataSource primary = new DriverManagerDataSource(
				"jdbc:h2:mem:primary-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");

		final DataSource bearer = new DriverManagerDataSource(
				"jdbc:h2:mem:bearer-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");

		@Bean
		@Primary
		DataSource applicationDataSource() {
			return this.primary;
		}

		@Bean
		@BearerDataSource
		DataSource bearerDataSource() {
			return this.bearer;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnMaintenance {

		AuditLogMaintenance maintenance;

		@Bean
		AuditLogMaintenance auditLogMaintenance(DataSource dataSource) {
			this.maintenance = new AuditLogMaintenance(BearerSchema.of(dataSource), AuditMaintenanceSettings.DEFAULTS,
					Clock.systemUTC());
			return this.maintenance;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnSink {

		final AuditSink sink = record -> {
		};

		@Bean
		AuditSink auditSink() {
			return this.sink;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FixedClock {

		final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

		@Bean
		Clock clock() {
			return this.clock;
		}

	}

}
