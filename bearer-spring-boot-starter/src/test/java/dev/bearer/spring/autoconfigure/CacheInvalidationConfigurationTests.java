package dev.bearer.spring.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import dev.bearer.core.invalidation.CacheInvalidationChannel;
import dev.bearer.core.invalidation.CacheInvalidationMetrics;
import dev.bearer.core.invalidation.PollingChannel;
import dev.bearer.core.invalidation.RedisChannel;
import dev.bearer.core.token.HashAlgorithm;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenChangeBroadcast;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * One test per condition of the cache invalidation channel
 * {@code bearer.cache.invalidation} chooses.
 */
class CacheInvalidationConfigurationTests {

	private static final TokenOwner OWNER = TokenOwner.of("user", 1);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
				BearerAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true");

	@Test
	void autoWithoutRedisOrPostgresPollsTheTokenChangesTable() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(PollingChannel.class);
			IssuedToken issued = context.getBean(TokenService.class)
				.issue(IssueTokenRequest.builder(OWNER, "polled").build());
			assertThat(changes(context)).containsExactly(HashAlgorithm.SHA256.hash(issued.plaintext()));
		});
	}

	@Test
	void autoPrefersTheApplicationsRedisConnection() {
		this.runner.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class)).run((context) -> {
			assertThat(context).hasSingleBean(RedisChannel.class);
			assertThat(context).doesNotHaveBean(PollingChannel.class);
			context.getBean(TokenService.class).issue(IssueTokenRequest.builder(OWNER, "published").build());
			assertThat(changes(context)).isEmpty();
		});
	}

	@Test
	void pollCanBeChosenThoughRedisIsThere() {
		this.runner.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
			.withPropertyValues("bearer.cache.invalidation=poll")
			.run((context) -> {
				assertThat(context).hasSingleBean(PollingChannel.class);
				assertThat(context).doesNotHaveBean(RedisChannel.class);
			});
	}

	@Test
	void noneLeavesOtherNodesToTheTimeToLive() {
		this.runner.withPropertyValues("bearer.cache.invalidation=none").run((context) -> {
			assertThat(context).doesNotHaveBean(CacheInvalidationChannel.class);
			context.getBean(TokenService.class).issue(IssueTokenRequest.builder(OWNER, "unannounced").build());
			assertThat(changes(context)).isEmpty();
		});
	}

	@Test
	void disabledCacheNeedsNoInvalidation() {
		this.runner.withPropertyValues("bearer.cache.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CacheInvalidationChannel.class));
	}

	@Test
	void applicationBroadcastReplacesTheChannel() {
		this.runner.withUserConfiguration(RecordingBroadcast.class).run((context) -> {
			assertThat(context).doesNotHaveBean(CacheInvalidationChannel.class);
			IssuedToken issued = context.getBean(TokenService.class)
				.issue(IssueTokenRequest.builder(OWNER, "announced").build());
			assertThat(context.getBean(RecordingBroadcast.class).hashes)
				.containsExactly(HashAlgorithm.SHA256.hash(issued.plaintext()));
		});
	}

	@Test
	void redisWithoutAConnectionFailsStartupWithAClearMessage() {
		this.runner.withPropertyValues("bearer.cache.invalidation=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("bearer.cache.invalidation=redis needs")
				.hasMessageContaining("RedisConnectionFactory"));
	}

	@Test
	void postgresOnAnotherDatabaseFailsStartupWithAClearMessage() {
		this.runner.withPropertyValues("bearer.cache.invalidation=postgres")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("bearer.cache.invalidation=postgres needs PostgreSQL")
				.hasMessageContaining("h2"));
	}

	@Test
	void autoPollsADatabaseItCannotReachToTellItsPlatform() {
		this.runner.withUserConfiguration(UnreachableDatabase.class)
			.withPropertyValues("bearer.schema.migrate=false")
			.run((context) -> assertThat(context).hasSingleBean(PollingChannel.class));
	}

	@Test
	void channelMetricsAreBoundWhenAMeterRegistryIsPresent() {
		this.runner.withConfiguration(AutoConfigurations.of(BearerMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(CacheInvalidationMetrics.class).bindTo(registry);
				assertThat(registry.get(CacheInvalidationMetrics.FAILURES)
					.tag("channel", "poll")
					.functionCounter()
					.count()).isZero();
				assertThat(registry.get(CacheInvalidationMetrics.CONNECTED).tag("channel", "poll").gauge()).isNotNull();
				assertThat(registry.get(CacheInvalidationMetrics.RECEIVED).tag("channel", "poll").functionCounter())
					.isNotNull();
			});
	}

	private static List<String> changes(ApplicationContext context) {
		return new JdbcTemplate(context.getBean(DataSource.class))
			.queryForList("select token_hash from bearer_token_changes order by id", String.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingBroadcast implements TokenChangeBroadcast {

		final List<String> hashes = new CopyOnWriteArrayList<>();

		@Override
		public void announce(String tokenHash) {
			this.hashes.add(tokenHash);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnreachableDatabase {

		@Bean
		DataSource dataSource() {
			return new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none", "nobody", "");
		}

	}

}
