package dev.bearer.core.test;

import java.net.URI;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * The Redis server the shared-state tests run against (see {@link OnRedis}): from
 * {@code BEARER_TEST_REDIS_URL} (e.g. {@code redis://127.0.0.1:6379}), else from
 * Testcontainers when Docker runs, else the tests are skipped, unless
 * {@code BEARER_TEST_REQUIRE_ALL_DATABASES=true} makes that a failure. Each test JVM
 * writes under a key prefix of its own ({@link #keyPrefix()}), so parallel builds sharing
 * one server do not see each other's keys.
 */
public final class TestRedis {

	private static final String URL = "BEARER_TEST_REDIS_URL";

	private static final String REQUIRE_ALL = "BEARER_TEST_REQUIRE_ALL_DATABASES";

	private static final TestRedis INSTANCE = new TestRedis();

	private final String keyPrefix = "bearer-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";

	private String url;

	private TestRedis() {
	}

	/** The Redis server of this test JVM. */
	public static TestRedis get() {
		return INSTANCE;
	}

	/** Whether tests against Redis should run (for {@code @EnabledIf}). */
	public boolean isEnabled() {
		return setting(URL) != null || "true".equalsIgnoreCase(setting(REQUIRE_ALL))
				|| DockerClientFactory.instance().isDockerAvailable();
	}

	/** The server's URL, e.g. {@code redis://127.0.0.1:6379}. */
	public synchronized String url() {
		if (this.url == null) {
			this.url = connect();
		}
		return this.url;
	}

	/** The server's host. */
	public String host() {
		return URI.create(url()).getHost();
	}

	/** The server's port. */
	public int port() {
		return URI.create(url()).getPort();
	}

	/** The prefix this test JVM's keys carry, e.g. {@code bearer-test-1a2b3c4d:}. */
	public String keyPrefix() {
		return this.keyPrefix;
	}

	private static String connect() {
		String url = setting(URL);
		if (url != null) {
			return url;
		}
		if (!DockerClientFactory.instance().isDockerAvailable()) {
			throw new IllegalStateException(
					REQUIRE_ALL + " is true but " + URL + " is not set and no Docker engine is available");
		}
		GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
		container.start();
		return "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
	}

	private static String setting(String name) {
		String value = System.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'));
		if (value == null || value.isBlank()) {
			value = System.getenv(name);
		}
		return (value == null || value.isBlank()) ? null : value;
	}

	/**
	 * For {@link OnRedis}'s {@code @EnabledIf}: whether the annotated class's Redis tests
	 * run.
	 */
	static boolean isEnabledFor(ExtensionContext context) {
		return INSTANCE.isEnabled();
	}

}
