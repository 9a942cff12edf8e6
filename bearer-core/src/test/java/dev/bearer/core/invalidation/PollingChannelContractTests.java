package dev.bearer.core.invalidation;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.bearer.core.CoreTestApplication;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.test.MutableClock;
import dev.bearer.core.token.HashAlgorithm;
import dev.bearer.core.token.Token;
import dev.bearer.core.token.TokenLookupCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The polled token changes table against a real database: every committed change reaches
 * every node, in whatever order the changes commit, and rolled-back ones never do; one
 * short subclass per database.
 */
@SpringBootTest(classes = CoreTestApplication.class)
public abstract class PollingChannelContractTests {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

	@Autowired
	private BearerSchema schema;

	@Autowired
	private MutableClock clock;

	@Autowired
	private PlatformTransactionManager transactionManager;

	private final RecordingCache cache = new RecordingCache();

	private PollingChannel announcer;

	private PollingChannel receiver;

	@BeforeEach
	void startReceiver() {
		new JdbcTemplate(this.schema.dataSource()).update("delete from bearer_token_changes");
		this.announcer = new PollingChannel(this.schema, POLL_INTERVAL, this.clock, new RecordingCache());
		this.receiver = new PollingChannel(this.schema, POLL_INTERVAL, this.clock, this.cache);
		this.receiver.start();
		await().atMost(Duration.ofSeconds(10)).until(this.receiver::isConnected);
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.stop();
	}

	@Test
	void startConnectsBeforeReturningSoTheCacheIsClearedBeforeAnyRequestFillsIt() {
		RecordingCache cache = new RecordingCache();
		PollingChannel node = new PollingChannel(this.schema, Duration.ofHours(1), this.clock, cache);
		try {
			node.start();

			assertThat(node.isConnected()).isTrue();
			assertThat(cache.evictedAll).hasValue(1);
		}
		finally {
			node.stop();
		}
	}

	@Test
	void committedChangeIsEvictedOnTheReceivingNode() {
		this.announcer.announce(hash("committed"));

		await().atMost(Duration.ofSeconds(5)).until(() -> this.cache.evicted.contains(hash("committed")));
		assertThat(this.receiver.received()).isOne();
	}

	@Test
	void changeCommittingAfterALaterOneIsStillEvicted() {
		TransactionStatus slow = begin();
		this.announcer.announce(hash("slow"));
		inItsOwnTransaction(() -> this.announcer.announce(hash("fast")));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.cache.evicted.contains(hash("fast")));

		this.transactionManager.commit(slow);

		await().atMost(Duration.ofSeconds(5)).until(() -> this.cache.evicted.contains(hash("slow")));
		assertThat(this.cache.evicted).containsExactly(hash("fast"), hash("slow"));
	}

	@Test
	void rolledBackChangeIsNeverEvictedAndDoesNotHoldUpLaterOnes() {
		TransactionStatus rolledBack = begin();
		this.announcer.announce(hash("rolled back"));
		this.transactionManager.rollback(rolledBack);

		this.announcer.announce(hash("after"));

		await().atMost(Duration.ofSeconds(5)).until(() -> this.cache.evicted.contains(hash("after")));
		assertThat(this.cache.evicted).containsExactly(hash("after"));
	}

	@Test
	void eachChangeIsEvictedOnceThoughReadAgainWhileAnEarlierIdIsMissing() throws InterruptedException {
		TransactionStatus pending = begin();
		this.announcer.announce(hash("pending"));
		inItsOwnTransaction(() -> this.announcer.announce(hash("once")));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.cache.evicted.contains(hash("once")));
		// ten more polls read the row again while the earlier id is missing
		Thread.sleep(POLL_INTERVAL.multipliedBy(10).toMillis());

		this.transactionManager.rollback(pending);

		assertThat(this.cache.evicted).containsExactly(hash("once"));
	}

	@Test
	void changesOlderThanTheRetentionAreDeleted() {
		this.announcer.announce(hash("old"));
		this.clock.advance(Duration.ofMinutes(11));
		this.announcer.announce(hash("recent"));
		PollingChannel pruner = new PollingChannel(this.schema, POLL_INTERVAL, this.clock, new RecordingCache());

		pruner.start();
		try {
			JdbcTemplate jdbc = new JdbcTemplate(this.schema.dataSource());
			await().atMost(Duration.ofSeconds(5))
				.until(() -> jdbc.queryForList("select token_hash from bearer_token_changes", String.class),
						(hashes) -> hashes.equals(List.of(hash("recent"))));
		}
		finally {
			pruner.stop();
		}
	}

	@Test
	void firstConnectionClearsTheCacheSinceChangesBeforeItWereNotHeard() {
		assertThat(this.cache.evictedAll.get()).isOne();
	}

	private void inItsOwnTransaction(Runnable action) {
		TransactionStatus status = begin();
		action.run();
		this.transactionManager.commit(status);
	}

	private TransactionStatus begin() {
		DefaultTransactionDefinition definition = new DefaultTransactionDefinition(
				TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		return this.transactionManager.getTransaction(definition);
	}

	private static String hash(String name) {
		return HashAlgorithm.SHA256.hash(name);
	}

	/** A cache that records what it was told to evict. */
	private static final class RecordingCache implements TokenLookupCache {

		private final List<String> evicted = new CopyOnWriteArrayList<>();

		private final AtomicInteger evictedAll = new AtomicInteger();

		@Override
		public Optional<Token> get(String tokenHash) {
			return Optional.empty();
		}

		@Override
		public long generation() {
			return 0;
		}

		@Override
		public void put(String tokenHash, Token token, long generation) {
		}

		@Override
		public void evict(String tokenHash) {
			this.evicted.add(tokenHash);
		}

		@Override
		public void evictAll() {
			this.evictedAll.incrementAndGet();
		}

	}

}
