package dev.bearer.spring.ratelimit;

import java.util.Objects;
import java.util.function.Supplier;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;

/**
 * Bucket4j buckets that every node sees: a {@link ProxyManager} over Redis or the
 * database, with the application's clock, a request timeout and expiry of idle buckets
 * built in. Rate limits take their buckets from here; so can anything else that needs an
 * exact count across nodes (keys name their purpose, e.g. {@code rate:42:120}).
 */
public final class SharedBuckets implements AutoCloseable {

	private final String backend;

	private final ProxyManager<String> proxyManager;

	private final String keyPrefix;

	private final AutoCloseable resources;

	/**
	 * Buckets of {@code proxyManager}, on the backend named {@code backend} (e.g.
	 * {@code redis}, {@code postgresql}), under {@code keyPrefix}; {@code resources} is
	 * closed with them.
	 */
	public SharedBuckets(String backend, ProxyManager<String> proxyManager, String keyPrefix, AutoCloseable resources) {
		this.backend = Objects.requireNonNull(backend, "backend must not be null");
		this.proxyManager = Objects.requireNonNull(proxyManager, "proxyManager must not be null");
		this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix must not be null");
		this.resources = Objects.requireNonNull(resources, "resources must not be null");
	}

	/** The backend's name, e.g. {@code redis}, {@code postgresql} or {@code mysql}. */
	public String backend() {
		return this.backend;
	}

	/**
	 * The bucket under {@code key}, created with {@code configuration} if it does not
	 * exist. Every call on it is a round trip to the backend.
	 */
	public BucketProxy bucket(String key, Supplier<BucketConfiguration> configuration) {
		return this.proxyManager.getProxy(this.keyPrefix + key, configuration);
	}

	/** Closes the backend's connection, when Bearer opened it. */
	@Override
	public void close() throws Exception {
		this.resources.close();
	}

}
