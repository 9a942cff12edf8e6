package dev.bearer.core.invalidation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import dev.bearer.core.token.TokenLookupCache;

import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Token changes through Redis pub/sub, on the application's Spring Data Redis connection:
 * a change is published once the changing transaction has committed (from a background
 * thread, so a slow or unreachable Redis never holds up the caller), and every node
 * subscribes to the channel. Redis keeps no message for a node that is away, so each node
 * publishes a probe every {@value #PROBE_INTERVAL_MILLIS} ms and counts the channel down
 * when its own probe has not come back for {@value #PROBE_DEADLINE_MILLIS} ms.
 */
public final class RedisChannel implements CacheInvalidationChannel {

	private static final Pattern CHANNEL_NAME = Pattern.compile("[A-Za-z0-9_:.\\-]{1,128}");

	private static final String PROBE_PREFIX = "probe:";

	private static final int PROBE_INTERVAL_MILLIS = 1000;

	private static final int PROBE_DEADLINE_MILLIS = 3000;

	/** Most messages waiting to be published; beyond it a change is counted failed. */
	private static final int QUEUE_CAPACITY = 10_000;

	private final RedisConnectionFactory connectionFactory;

	private final String channel;

	private final byte[] channelBytes;

	private final String probe = PROBE_PREFIX + UUID.randomUUID();

	private final ChannelHealth health;

	private final AtomicBoolean probePending = new AtomicBoolean();

	private volatile long lastProbeNanos;

	private RedisMessageListenerContainer container;

	private volatile ThreadPoolExecutor publisher;

	private ScheduledExecutorService prober;

	/**
	 * A channel named {@code channel} (letters, digits, {@code _ : . -}, at most 128) on
	 * the Redis server of {@code connectionFactory}, evicting from {@code cache}.
	 * @throws IllegalArgumentException if the name is not a valid channel name
	 */
	public RedisChannel(RedisConnectionFactory connectionFactory, String channel, TokenLookupCache cache) {
		if (channel == null || !CHANNEL_NAME.matcher(channel).matches()) {
			throw new IllegalArgumentException("Invalid Redis channel name '" + channel
					+ "': it must hold 1 to 128 letters, digits, underscores, colons, dots or dashes");
		}
		this.connectionFactory = connectionFactory;
		this.channel = channel;
		this.channelBytes = channel.getBytes(StandardCharsets.UTF_8);
		this.health = new ChannelHealth(name(), cache);
	}

	@Override
	public String name() {
		return "redis";
	}

	/** Publishes {@code tokenHash} once the caller's transaction has committed. */
	@Override
	public void announce(String tokenHash) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			publish(tokenHash);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				publish(tokenHash);
			}
		});
	}

	@Override
	public synchronized void start() {
		if (this.container != null) {
			return;
		}
		this.publisher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
				new ArrayBlockingQueue<>(QUEUE_CAPACITY), (runnable) -> daemon(runnable, "bearer-cache-invalidation"));
		this.prober = Executors.newSingleThreadScheduledExecutor((runnable) -> daemon(runnable, "bearer-cache-probe"));
		this.container = new RedisMessageListenerContainer();
		this.container.setConnectionFactory(this.connectionFactory);
		this.container.setTaskExecutor(new SyncTaskExecutor());
		this.container.addMessageListener(new Listener(), new ChannelTopic(this.channel));
		this.container.afterPropertiesSet();
		RedisMessageListenerContainer subscriber = this.container;
		this.prober.execute(() -> subscribe(subscriber));
		this.prober.scheduleWithFixedDelay(this::probe, PROBE_INTERVAL_MILLIS, PROBE_INTERVAL_MILLIS,
				TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.container == null) {
			return;
		}
		this.prober.shutdownNow();
		this.publisher.shutdownNow();
		this.publisher = null;
		this.container.stop();
		try {
			this.container.destroy();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not stop listening on Redis channel " + this.channel, ex);
		}
		this.container = null;
	}

	@Override
	public synchronized boolean isRunning() {
		return this.container != null;
	}

	@Override
	public boolean isConnected() {
		return this.health.isConnected();
	}

	@Override
	public long failures() {
		return this.health.failures();
	}

	@Override
	public long received() {
		return this.health.received();
	}

	/**
	 * Starts the subscription (on the probing thread, so probes are due only once it is
	 * over); if Redis cannot be reached, the container keeps trying on its own while the
	 * probes count the outage.
	 */
	private void subscribe(RedisMessageListenerContainer subscriber) {
		try {
			subscriber.start();
		}
		catch (RuntimeException ex) {
			this.health.failed("subscribing", ex);
		}
		finally {
			this.lastProbeNanos = System.nanoTime();
		}
	}

	private void probe() {
		if (System.nanoTime() - this.lastProbeNanos > TimeUnit.MILLISECONDS.toNanos(PROBE_DEADLINE_MILLIS)) {
			this.health.failed("probing", new IllegalStateException(
					"no probe came back within " + Duration.ofMillis(PROBE_DEADLINE_MILLIS).toMillis() + " ms"));
		}
		if (this.probePending.compareAndSet(false, true)) {
			enqueue(this.probe, () -> this.probePending.set(false));
		}
	}

	private void publish(String message) {
		enqueue(message, () -> {
		});
	}

	private void enqueue(String message, Runnable afterwards) {
		ThreadPoolExecutor executor = this.publisher;
		if (executor == null) {
			afterwards.run();
			this.health.failed("publishing", new IllegalStateException("the channel is not running"));
			return;
		}
		try {
			executor.execute(() -> {
				try {
					send(message);
				}
				finally {
					afterwards.run();
				}
			});
		}
		catch (RejectedExecutionException ex) {
			afterwards.run();
			this.health.failed("publishing", ex);
		}
	}

	private void send(String message) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.commands().publish(this.channelBytes, message.getBytes(StandardCharsets.UTF_8));
		}
		catch (RuntimeException ex) {
			this.health.failed("publishing", ex);
		}
	}

	private static Thread daemon(Runnable runnable, String name) {
		Thread thread = new Thread(runnable, name);
		thread.setDaemon(true);
		return thread;
	}

	/** Evicts the hashes other nodes publish, and notes this node's own probes. */
	private final class Listener implements MessageListener {

		@Override
		public void onMessage(Message message, byte[] pattern) {
			String body = new String(message.getBody(), StandardCharsets.UTF_8);
			if (body.equals(RedisChannel.this.probe)) {
				RedisChannel.this.lastProbeNanos = System.nanoTime();
				RedisChannel.this.health.connected();
			}
			else if (!body.startsWith(PROBE_PREFIX)) {
				RedisChannel.this.health.received(body);
			}
		}

	}

}
