package dev.bearer.spring.ratelimit;

import java.util.function.Supplier;

import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.RedisApi;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;

/**
 * Bucket4j's view of Redis over a Lettuce connection opened on first use and opened again
 * when it was lost, so a node starts while Redis is down and finds it again by itself.
 * Generic in the key type because Bucket4j passes keys as an {@code Object[]}.
 *
 * @param <K> the key type
 */
final class LazyRedisApi<K> implements RedisApi<K>, AutoCloseable {

	private final Supplier<StatefulConnection<K, byte[]>> connector;

	private volatile Connected<K> connected;

	LazyRedisApi(Supplier<StatefulConnection<K, byte[]>> connector) {
		this.connector = connector;
	}

	@Override
	public <V> RedisFuture<V> eval(String script, ScriptOutputType type, K[] keys, byte[][] params) {
		return api().eval(script, type, keys, params);
	}

	@Override
	public RedisFuture<byte[]> get(K key) {
		return api().get(key);
	}

	@Override
	public RedisFuture<?> delete(K key) {
		return api().delete(key);
	}

	@Override
	public synchronized void close() {
		if (this.connected != null) {
			this.connected.connection().close();
			this.connected = null;
		}
	}

	private RedisApi<K> api() {
		Connected<K> current = this.connected;
		return (current != null && current.connection().isOpen()) ? current.api() : reconnect();
	}

	private synchronized RedisApi<K> reconnect() {
		Connected<K> current = this.connected;
		if (current != null && current.connection().isOpen()) {
			return current.api();
		}
		if (current != null) {
			current.connection().closeAsync();
			this.connected = null;
		}
		StatefulConnection<K, byte[]> connection = this.connector.get();
		this.connected = new Connected<>(connection, apiOf(connection));
		return this.connected.api();
	}

	@SuppressWarnings("unchecked")
	private static <K> RedisApi<K> apiOf(StatefulConnection<K, byte[]> connection) {
		if (connection instanceof StatefulRedisConnection<?, ?> standalone) {
			return Bucket4jLettuce.casBasedBuilder((StatefulRedisConnection<K, byte[]>) standalone).getRedisApi();
		}
		if (connection instanceof StatefulRedisClusterConnection<?, ?> cluster) {
			return Bucket4jLettuce.casBasedBuilder((StatefulRedisClusterConnection<K, byte[]>) cluster).getRedisApi();
		}
		throw new IllegalStateException("Unsupported Lettuce connection " + connection.getClass().getName());
	}

	private record Connected<K>(StatefulConnection<K, byte[]> connection, RedisApi<K> api) {
	}

}
