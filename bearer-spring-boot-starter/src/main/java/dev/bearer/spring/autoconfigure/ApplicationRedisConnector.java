package dev.bearer.spring.autoconfigure;

import java.util.function.Supplier;

import dev.bearer.spring.ratelimit.RedisBuckets;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;

/**
 * Connects the Redis backend through the application's Lettuce client (the one its Spring
 * Data Redis connection factory holds), so Bearer uses the same server, credentials, TLS
 * and client resources; the client's own reconnect settings apply. Bearer closes only the
 * connection it opened.
 */
final class ApplicationRedisConnector implements Supplier<StatefulConnection<String, byte[]>> {

	private final Supplier<AbstractRedisClient> client;

	ApplicationRedisConnector(Supplier<AbstractRedisClient> client) {
		this.client = client;
	}

	@Override
	public StatefulConnection<String, byte[]> get() {
		AbstractRedisClient client = this.client.get();
		if (client instanceof RedisClient standalone) {
			return standalone.connect(RedisBuckets.CODEC);
		}
		if (client instanceof RedisClusterClient cluster) {
			return cluster.connect(RedisBuckets.CODEC);
		}
		throw new IllegalStateException("Unsupported Lettuce client " + client.getClass().getName());
	}

}
