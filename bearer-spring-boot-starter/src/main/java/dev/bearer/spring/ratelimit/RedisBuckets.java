package dev.bearer.spring.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

/**
 * {@link SharedBuckets} in Redis: Bucket4j's Lettuce backend (compare-and-swap in Lua),
 * one key per bucket with a time to live, so an unused bucket disappears by itself. The
 * connection is opened on first use, and again after it was lost.
 */
public final class RedisBuckets {

	/** Keys as UTF-8 strings, bucket states as bytes. */
	public static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

	private RedisBuckets() {
	}

	/**
	 * Buckets in the Redis server at {@code url} (e.g. {@code redis://host:6379/0}, or a
	 * {@code redis-sentinel://} URL), through a client of Bearer's own that fails a
	 * command at once while disconnected, so an outage falls back without waiting.
	 */
	public static SharedBuckets of(String url, String keyPrefix, Clock clock, Duration timeout) {
		OwnClient client = new OwnClient(url, timeout);
		return of(client, keyPrefix, clock, timeout, client);
	}

	/**
	 * Buckets in the Redis server {@code connector} connects to (e.g. through the
	 * application's Lettuce client); closing them closes the connection it opened.
	 */
	public static SharedBuckets of(Supplier<StatefulConnection<String, byte[]>> connector, String keyPrefix,
			Clock clock, Duration timeout) {
		return of(connector, keyPrefix, clock, timeout, () -> {
		});
	}

	private static SharedBuckets of(Supplier<StatefulConnection<String, byte[]>> connector, String keyPrefix,
			Clock clock, Duration timeout, AutoCloseable resources) {
		LazyRedisApi<String> redis = new LazyRedisApi<>(connector);
		return new SharedBuckets("redis",
				ProxyManagers.configure(new Bucket4jLettuce.LettuceBasedProxyManagerBuilder<>(redis), clock, timeout)
					.build(),
				keyPrefix, () -> {
					redis.close();
					resources.close();
				});
	}

	/** A client of Bearer's own, created on first connection and shut down on close. */
	private static final class OwnClient implements Supplier<StatefulConnection<String, byte[]>>, AutoCloseable {

		private final RedisURI uri;

		private final Duration timeout;

		private RedisClient client;

		OwnClient(String url, Duration timeout) {
			this.uri = RedisURI.create(url);
			this.uri.setTimeout(timeout);
			this.timeout = timeout;
		}

		@Override
		public synchronized StatefulConnection<String, byte[]> get() {
			if (this.client == null) {
				this.client = RedisClient.create(this.uri);
				this.client.setOptions(ClientOptions.builder()
					.autoReconnect(false)
					.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
					.socketOptions(SocketOptions.builder().connectTimeout(this.timeout.multipliedBy(2)).build())
					.timeoutOptions(TimeoutOptions.enabled(this.timeout))
					.build());
			}
			return this.client.connect(CODEC);
		}

		@Override
		public synchronized void close() {
			if (this.client != null) {
				this.client.shutdown();
				this.client = null;
			}
		}

	}

}
