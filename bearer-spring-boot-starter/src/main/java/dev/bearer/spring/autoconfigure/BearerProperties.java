package dev.bearer.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import dev.bearer.core.audit.AuditMaintenanceSettings;
import dev.bearer.core.audit.JdbcAuditSinkSettings;
import dev.bearer.core.audit.OverflowPolicy;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.schema.DatabasePlatform;
import dev.bearer.core.token.ExpiryWarningSettings;
import dev.bearer.core.token.HashAlgorithm;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenServiceSettings;
import dev.bearer.core.token.TokenType;
import dev.bearer.core.token.TokenTypeRegistry;
import dev.bearer.spring.ratelimit.JdbcBuckets;
import dev.bearer.spring.ratelimit.LocalFailureBudget;
import dev.bearer.spring.ratelimit.OnBackendFailure;
import dev.bearer.spring.security.BearerKeyVerifier;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/** Configuration of Bearer, under {@code bearer.*}. */
@ConfigurationProperties("bearer")
public class BearerProperties {

	/** How tokens are issued and stored. */
	private final Tokens tokens = new Tokens();

	/**
	 * Custom token types by prefix, e.g. ci; an entry named sk, pk or rk replaces the
	 * built-in type.
	 */
	private final Map<String, TokenTypeProperties> types = new LinkedHashMap<>();

	/** Bearer's database schema. */
	private final Schema schema = new Schema();

	/** The token lookup cache. */
	private final Cache cache = new Cache();

	/** How requests are authenticated. */
	private final Authentication authentication = new Authentication();

	/** The audit log and its writer. */
	private final Audit audit = new Audit();

	/** Per-token rate limits. */
	private final RateLimit rateLimit = new RateLimit();

	/** Per-token quotas per calendar day or month, or credits. */
	private final Quota quota = new Quota();

	/** GitHub's secret-scanning partner endpoint, which revokes keys reported leaked. */
	private final SecretScanning secretScanning = new SecretScanning();

	/** How tokens are issued and stored. */
	public Tokens getTokens() {
		return this.tokens;
	}

	/** Custom token types by prefix. */
	public Map<String, TokenTypeProperties> getTypes() {
		return this.types;
	}

	/** Bearer's database schema. */
	public Schema getSchema() {
		return this.schema;
	}

	/** The token lookup cache. */
	public Cache getCache() {
		return this.cache;
	}

	/** How requests are authenticated. */
	public Authentication getAuthentication() {
		return this.authentication;
	}

	/** The audit log and its writer. */
	public Audit getAudit() {
		return this.audit;
	}

	/** Per-token rate limits. */
	public RateLimit getRateLimit() {
		return this.rateLimit;
	}

	/** Per-token quotas per calendar day or month, or credits. */
	public Quota getQuota() {
		return this.quota;
	}

	/** GitHub's secret-scanning partner endpoint. */
	public SecretScanning getSecretScanning() {
		return this.secretScanning;
	}

	/** How tokens are issued and stored. */
	public static class Tokens {

		/**
		 * Digest new tokens are stored with; existing tokens keep the one they were
		 * issued with.
		 */
		private HashAlgorithm hashAlgorithm = HashAlgorithm.SHA256;

		/** Largest metadata accepted on a token, measured as JSON. */
		private DataSize maxMetadataSize = DataSize.ofKilobytes(8);

		/**
		 * Largest depth of a derived key (a key issued directly has depth 0, its children
		 * 1); 0 forbids derivation.
		 */
		private int maxDerivationDepth = TokenServiceSettings.DEFAULT_MAX_DERIVATION_DEPTH;

		/** How group revocations scheduled for a future instant are run. */
		private final TimedRevocations timedRevocations = new TimedRevocations();

		/**
		 * Lifetime and idle policies by token type prefix (built-in or configured), each
		 * overridable per environment.
		 */
		private final Map<String, Policy> policies = new LinkedHashMap<>();

		/** Warnings published before keys expire or turn idle. */
		private final ExpiryWarnings expiryWarnings = new ExpiryWarnings();

		public HashAlgorithm getHashAlgorithm() {
			return this.hashAlgorithm;
		}

		public void setHashAlgorithm(HashAlgorithm hashAlgorithm) {
			this.hashAlgorithm = hashAlgorithm;
		}

		public DataSize getMaxMetadataSize() {
			return this.maxMetadataSize;
		}

		public void setMaxMetadataSize(DataSize maxMetadataSize) {
			this.maxMetadataSize = maxMetadataSize;
		}

		public int getMaxDerivationDepth() {
			return this.maxDerivationDepth;
		}

		public void setMaxDerivationDepth(int maxDerivationDepth) {
			this.maxDerivationDepth = maxDerivationDepth;
		}

		/** How group revocations scheduled for a future instant are run. */
		public TimedRevocations getTimedRevocations() {
			return this.timedRevocations;
		}

		/** Lifetime and idle policies by token type prefix. */
		public Map<String, Policy> getPolicies() {
			return this.policies;
		}

		/** Warnings published before keys expire or turn idle. */
		public ExpiryWarnings getExpiryWarnings() {
			return this.expiryWarnings;
		}

		/** The settings of {@code TokenService}. */
		public TokenServiceSettings toSettings() {
			return new TokenServiceSettings(this.hashAlgorithm, (int) this.maxMetadataSize.toBytes(),
					this.maxDerivationDepth);
		}

		/**
		 * What keys of one type must respect; a setting left unset sets no limit (or, in
		 * an environment, keeps the type's).
		 */
		public static class PolicySettings {

			/**
			 * Latest expiry a new or rotated key may get, from now; keys must then have
			 * an expiry.
			 */
			private Duration maxLifetime;

			/**
			 * How long a key may go unused (since its last use, or its issue) before it
			 * is refused as idle.
			 */
			private Duration idleExpiry;

			/** Whether keys must have an expiry even without a maximum lifetime. */
			private Boolean requireExpiry;

			public Duration getMaxLifetime() {
				return this.maxLifetime;
			}

			public void setMaxLifetime(Duration maxLifetime) {
				this.maxLifetime = maxLifetime;
			}

			public Duration getIdleExpiry() {
				return this.idleExpiry;
			}

			public void setIdleExpiry(Duration idleExpiry) {
				this.idleExpiry = idleExpiry;
			}

			public Boolean getRequireExpiry() {
				return this.requireExpiry;
			}

			public void setRequireExpiry(Boolean requireExpiry) {
				this.requireExpiry = requireExpiry;
			}

		}

		/**
		 * Warnings published before keys expire or turn idle: {@code TokenExpiringSoon}
		 * and {@code TokenIdle} events, each once across every node.
		 */
		public static class ExpiryWarnings {

			/**
			 * Whether this node scans for keys near their deadline and publishes
			 * warnings.
			 */
			private boolean enabled = true;

			/** How long before a key's expiry or idle deadline it is warned. */
			private List<Duration> thresholds = new ArrayList<>(ExpiryWarningSettings.DEFAULT_THRESHOLDS);

			/** How often this node scans. */
			private Duration scanInterval = Duration.ofHours(1);

			/**
			 * How long a key may go unused before {@code TokenIdle} is published, even
			 * without an idle-expiry policy; unset: only keys past their idle expiry.
			 */
			private Duration idleAfter;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public List<Duration> getThresholds() {
				return this.thresholds;
			}

			public void setThresholds(List<Duration> thresholds) {
				this.thresholds = thresholds;
			}

			public Duration getScanInterval() {
				return this.scanInterval;
			}

			public void setScanInterval(Duration scanInterval) {
				this.scanInterval = scanInterval;
			}

			public Duration getIdleAfter() {
				return this.idleAfter;
			}

			public void setIdleAfter(Duration idleAfter) {
				this.idleAfter = idleAfter;
			}

			/**
			 * The settings of the scan.
			 * @throws IllegalStateException naming the property that is not positive
			 */
			public ExpiryWarningSettings toSettings() {
				if (this.thresholds == null || this.thresholds.isEmpty()) {
					throw new IllegalStateException(
							"bearer.tokens.expiry-warnings.thresholds must name at least one duration");
				}
				for (Duration threshold : this.thresholds) {
					requirePositive("bearer.tokens.expiry-warnings.thresholds", threshold);
				}
				requirePositive("bearer.tokens.expiry-warnings.scan-interval", this.scanInterval);
				if (this.idleAfter != null) {
					requirePositive("bearer.tokens.expiry-warnings.idle-after", this.idleAfter);
				}
				return new ExpiryWarningSettings(this.thresholds, this.idleAfter);
			}

			private static void requirePositive(String property, Duration value) {
				if (value == null || value.isNegative() || value.isZero()) {
					throw new IllegalStateException(property + " must be positive (was " + value + ")");
				}
			}

		}

		/** The policy of one token type, with overrides per environment. */
		public static class Policy extends PolicySettings {

			/**
			 * Overrides by environment (test, live), field by field over the type's
			 * settings.
			 */
			private final Map<String, PolicySettings> environments = new LinkedHashMap<>();

			/** Overrides by environment. */
			public Map<String, PolicySettings> getEnvironments() {
				return this.environments;
			}

		}

		/**
		 * How group revocations scheduled for a future instant are run: every node polls
		 * the database, and each revocation runs on the one node that claims it.
		 */
		public static class TimedRevocations {

			/**
			 * Whether this node runs due timed revocations; switch it off only when
			 * another node (or the application itself) calls
			 * {@code TokenService.runDueRevocations()}.
			 */
			private boolean enabled = true;

			/**
			 * How often this node looks for due timed revocations; a revocation runs at
			 * most this long after its instant.
			 */
			private Duration pollInterval = Duration.ofSeconds(10);

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public Duration getPollInterval() {
				return this.pollInterval;
			}

			public void setPollInterval(Duration pollInterval) {
				this.pollInterval = pollInterval;
			}

		}

	}

	/**
	 * One configured token type. A setting left unset keeps the built-in type's value
	 * when the prefix is sk, pk or rk; for a new type it defaults to every ability, no
	 * lifetime, no rate limit, both environments, and usable from browsers.
	 */
	public static class TokenTypeProperties {

		/** Human-readable name of the type. */
		private String displayName;

		/** Abilities given to a token issued without explicit abilities. */
		private List<String> abilities;

		/** Lifetime of a token issued without an expiry. */
		private Duration lifetime;

		/** Requests per minute allowed for a token issued without a rate limit. */
		private Integer rateLimitPerMinute;

		/** Environments a token of this type may be issued for. */
		private Set<TokenEnvironment> environments;

		/**
		 * Whether requests that carry a browser Origin header are refused for this type.
		 */
		private Boolean serverSideOnly;

		public String getDisplayName() {
			return this.displayName;
		}

		public void setDisplayName(String displayName) {
			this.displayName = displayName;
		}

		public List<String> getAbilities() {
			return this.abilities;
		}

		public void setAbilities(List<String> abilities) {
			this.abilities = abilities;
		}

		public Duration getLifetime() {
			return this.lifetime;
		}

		public void setLifetime(Duration lifetime) {
			this.lifetime = lifetime;
		}

		public Integer getRateLimitPerMinute() {
			return this.rateLimitPerMinute;
		}

		public void setRateLimitPerMinute(Integer rateLimitPerMinute) {
			this.rateLimitPerMinute = rateLimitPerMinute;
		}

		public Set<TokenEnvironment> getEnvironments() {
			return this.environments;
		}

		public void setEnvironments(Set<TokenEnvironment> environments) {
			this.environments = environments;
		}

		public Boolean getServerSideOnly() {
			return this.serverSideOnly;
		}

		public void setServerSideOnly(Boolean serverSideOnly) {
			this.serverSideOnly = serverSideOnly;
		}

		TokenType toTokenType(String prefix) {
			TokenType base = TokenTypeRegistry.builtIn()
				.find(prefix)
				.orElseGet(() -> new TokenType(prefix, prefix, List.of("*"), null, null,
						EnumSet.allOf(TokenEnvironment.class), false));
			return new TokenType(prefix, (this.displayName != null) ? this.displayName : base.displayName(),
					(this.abilities != null) ? this.abilities : base.defaultAbilities(),
					(this.lifetime != null) ? this.lifetime : base.defaultLifetime(),
					(this.rateLimitPerMinute != null) ? this.rateLimitPerMinute : base.defaultRateLimitPerMinute(),
					(this.environments != null) ? this.environments : base.environments(),
					(this.serverSideOnly != null) ? this.serverSideOnly : base.serverSideOnly());
		}

	}

	/** Bearer's database schema. */
	public static class Schema {

		/**
		 * Whether Bearer applies its Flyway migrations at startup (history table
		 * {prefix}schema_history).
		 */
		private boolean migrate = true;

		/**
		 * The database platform whose schema and SQL Bearer uses: h2, postgresql, mysql
		 * or mariadb. Detected from the data source's metadata when not set.
		 */
		private String platform;

		/**
		 * Prefix of every Bearer table (tokens, token groups, audit logs, migration
		 * history): a letter, then up to 31 letters, digits or underscores.
		 */
		private String tablePrefix = BearerSchema.DEFAULT_TABLE_PREFIX;

		public boolean isMigrate() {
			return this.migrate;
		}

		public void setMigrate(boolean migrate) {
			this.migrate = migrate;
		}

		public String getPlatform() {
			return this.platform;
		}

		public void setPlatform(String platform) {
			this.platform = platform;
		}

		public String getTablePrefix() {
			return this.tablePrefix;
		}

		public void setTablePrefix(String tablePrefix) {
			this.tablePrefix = tablePrefix;
		}

		/**
		 * Bearer's tables in {@code dataSource} as these properties describe them.
		 * @throws IllegalArgumentException for an unknown platform or an invalid table
		 * prefix
		 */
		public BearerSchema toSchema(DataSource dataSource) {
			DatabasePlatform configured = StringUtils.hasText(this.platform) ? DatabasePlatform.fromId(this.platform)
					: null;
			return BearerSchema.of(dataSource, configured, this.tablePrefix);
		}

	}

	/** The token lookup cache. */
	public static class Cache {

		/** Default of {@code negative-time-to-live}. */
		static final Duration DEFAULT_NEGATIVE_TIME_TO_LIVE = Duration.ofSeconds(5);

		/** Default of {@code negative-maximum-size}. */
		static final long DEFAULT_NEGATIVE_MAXIMUM_SIZE = 100_000;

		/** Default of {@code stale-if-unreachable}. */
		static final Duration DEFAULT_STALE_IF_UNREACHABLE = Duration.ofMinutes(5);

		/** Default of {@code invalidation-poll-interval}. */
		static final Duration DEFAULT_INVALIDATION_POLL_INTERVAL = Duration.ofMillis(500);

		/**
		 * Whether token lookups are cached in memory (a cache hit costs no SQL
		 * statement).
		 */
		private boolean enabled = true;

		/**
		 * How long a cached token is trusted; bounds how long another node accepts a
		 * token revoked elsewhere while cache invalidation cannot reach it (or is none).
		 */
		private Duration timeToLive = Duration.ofSeconds(30);

		/** Most tokens held in the cache. */
		private long maximumSize = 10_000;

		/**
		 * How long a hash that no stored token has is remembered, so a client repeating
		 * an unknown token costs no SQL statement; issuing a token forgets its hash at
		 * once on this node. Zero remembers none.
		 */
		private Duration negativeTimeToLive = DEFAULT_NEGATIVE_TIME_TO_LIVE;

		/** Most unknown hashes remembered (two per presented token, one per digest). */
		private long negativeMaximumSize = DEFAULT_NEGATIVE_MAXIMUM_SIZE;

		/**
		 * How long a cached token keeps working past the time-to-live while the database
		 * cannot be reached (revocation and expiry still apply, evictions still remove
		 * it); zero stops serving it once the time-to-live is over.
		 */
		private Duration staleIfUnreachable = DEFAULT_STALE_IF_UNREACHABLE;

		/**
		 * How a token revoked, rotated or issued on one node is evicted from the caches
		 * of the others: auto (redis when the application has a Spring Data Redis
		 * connection, else postgres on PostgreSQL, else poll), redis, postgres, poll or
		 * none (only the time-to-live bounds it).
		 */
		private Invalidation invalidation = Invalidation.AUTO;

		/**
		 * Name of the Redis or PostgreSQL channel that carries token changes; defaults to
		 * the table prefix followed by token_changes.
		 */
		private String invalidationChannel;

		/** How often each node reads the token changes table with invalidation=poll. */
		private Duration invalidationPollInterval = DEFAULT_INVALIDATION_POLL_INTERVAL;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getTimeToLive() {
			return this.timeToLive;
		}

		public void setTimeToLive(Duration timeToLive) {
			this.timeToLive = timeToLive;
		}

		public long getMaximumSize() {
			return this.maximumSize;
		}

		public void setMaximumSize(long maximumSize) {
			this.maximumSize = maximumSize;
		}

		public Duration getNegativeTimeToLive() {
			return this.negativeTimeToLive;
		}

		public void setNegativeTimeToLive(Duration negativeTimeToLive) {
			this.negativeTimeToLive = negativeTimeToLive;
		}

		public long getNegativeMaximumSize() {
			return this.negativeMaximumSize;
		}

		public void setNegativeMaximumSize(long negativeMaximumSize) {
			this.negativeMaximumSize = negativeMaximumSize;
		}

		public Duration getStaleIfUnreachable() {
			return this.staleIfUnreachable;
		}

		public void setStaleIfUnreachable(Duration staleIfUnreachable) {
			this.staleIfUnreachable = staleIfUnreachable;
		}

		public Invalidation getInvalidation() {
			return this.invalidation;
		}

		public void setInvalidation(Invalidation invalidation) {
			this.invalidation = invalidation;
		}

		public String getInvalidationChannel() {
			return this.invalidationChannel;
		}

		public void setInvalidationChannel(String invalidationChannel) {
			this.invalidationChannel = invalidationChannel;
		}

		public Duration getInvalidationPollInterval() {
			return this.invalidationPollInterval;
		}

		public void setInvalidationPollInterval(Duration invalidationPollInterval) {
			this.invalidationPollInterval = invalidationPollInterval;
		}

		/** How token changes reach the lookup caches of the other nodes. */
		public enum Invalidation {

			/**
			 * Redis when the application has a Spring Data Redis connection, else
			 * PostgreSQL's LISTEN/NOTIFY on PostgreSQL, else polling.
			 */
			AUTO,

			/** Redis pub/sub on the application's Spring Data Redis connection. */
			REDIS,

			/** PostgreSQL's LISTEN/NOTIFY. */
			POSTGRES,

			/** A table of changes every node reads each poll interval. */
			POLL,

			/** Nothing: other nodes accept a changed token for up to the time-to-live. */
			NONE

		}

	}

	/** How requests are authenticated. */
	public static class Authentication {

		/** Realm named in WWW-Authenticate challenges; unset names none. */
		private String realm;

		/** Header the token is read from, with the Bearer scheme. */
		private String header = "Authorization";

		/**
		 * Whether GET requests may carry the token as an access_token query parameter
		 * (RFC 6750 2.3).
		 */
		private boolean allowQueryParameter;

		/**
		 * Longest header (or query parameter) accepted; a longer one is answered 400
		 * invalid_request.
		 */
		private int maxHeaderLength = 1024;

		/** Token environments this application accepts; others are refused. */
		private Set<TokenEnvironment> environments = EnumSet.allOf(TokenEnvironment.class);

		/**
		 * Whether startup fails when a bean uses method-security annotations
		 * (@PreAuthorize...) while method security is not enabled, which would ignore
		 * them.
		 */
		private boolean requireMethodSecurity = true;

		/**
		 * After a lookup found the database unreachable, how long keys not in the lookup
		 * cache are answered 503 at once before the next lookup tries the database again.
		 */
		private Duration outageProbeInterval = BearerKeyVerifier.DEFAULT_OUTAGE_PROBE_INTERVAL;

		/**
		 * Proxies (IPs or CIDR blocks) whose X-Forwarded-For (or, without it, RFC 7239
		 * Forwarded) is trusted to name the client IP. Cannot be combined with the
		 * server's own forward-header handling (server.forward-headers-strategy).
		 */
		private List<String> trustedProxies = new ArrayList<>();

		/**
		 * How many keys that identify no token a client (or a key) may present per window
		 * before its keys are refused without a lookup.
		 */
		private final FailureBudget failureBudget = new FailureBudget();

		public String getRealm() {
			return this.realm;
		}

		public void setRealm(String realm) {
			this.realm = realm;
		}

		public String getHeader() {
			return this.header;
		}

		public void setHeader(String header) {
			this.header = header;
		}

		public boolean isAllowQueryParameter() {
			return this.allowQueryParameter;
		}

		public void setAllowQueryParameter(boolean allowQueryParameter) {
			this.allowQueryParameter = allowQueryParameter;
		}

		public int getMaxHeaderLength() {
			return this.maxHeaderLength;
		}

		public void setMaxHeaderLength(int maxHeaderLength) {
			this.maxHeaderLength = maxHeaderLength;
		}

		public Set<TokenEnvironment> getEnvironments() {
			return this.environments;
		}

		public void setEnvironments(Set<TokenEnvironment> environments) {
			this.environments = environments;
		}

		public boolean isRequireMethodSecurity() {
			return this.requireMethodSecurity;
		}

		public void setRequireMethodSecurity(boolean requireMethodSecurity) {
			this.requireMethodSecurity = requireMethodSecurity;
		}

		public Duration getOutageProbeInterval() {
			return this.outageProbeInterval;
		}

		public void setOutageProbeInterval(Duration outageProbeInterval) {
			this.outageProbeInterval = outageProbeInterval;
		}

		public List<String> getTrustedProxies() {
			return this.trustedProxies;
		}

		public void setTrustedProxies(List<String> trustedProxies) {
			this.trustedProxies = trustedProxies;
		}

		public FailureBudget getFailureBudget() {
			return this.failureBudget;
		}

	}

	/**
	 * How many keys that identify no token a client (or a key) may present per window
	 * before its keys are refused without a lookup.
	 */
	public static class FailureBudget {

		/**
		 * Whether a client that presents too many unknown or malformed keys is answered
		 * 429 without a lookup (keys this node knows still authenticate).
		 */
		private boolean enabled = true;

		/**
		 * Failed lookups allowed per client IP, and per key, in one window; each writes
		 * its own failed row, and the refused requests after them one row per client and
		 * window.
		 */
		private int maxFailures = LocalFailureBudget.DEFAULT_MAX_FAILURES;

		/**
		 * Length of a window; windows are aligned to the epoch, so budgets refill at the
		 * start of each.
		 */
		private Duration window = LocalFailureBudget.DEFAULT_WINDOW;

		/**
		 * Most clients, keys, known keys and open windows tracked (each); beyond it the
		 * least used are forgotten (an open window's row is written first).
		 */
		private long maximumSize = LocalFailureBudget.DEFAULT_MAXIMUM_SIZE;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxFailures() {
			return this.maxFailures;
		}

		public void setMaxFailures(int maxFailures) {
			this.maxFailures = maxFailures;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public long getMaximumSize() {
			return this.maximumSize;
		}

		public void setMaximumSize(long maximumSize) {
			this.maximumSize = maximumSize;
		}

	}

	/** Where audit rows go. */
	public enum AuditDriver {

		/** Asynchronous batched inserts into bearer_token_audit_logs. */
		JDBC,
		/** Structured SLF4J lines on the dev.bearer.audit logger. */
		LOG,
		/** Nowhere. */
		NONE

	}

	/** The audit log and its writer. */
	public static class Audit {

		/** Where audit rows go; an AuditSink bean of your own replaces the driver. */
		private AuditDriver driver = AuditDriver.JDBC;

		/**
		 * Whether every authentication writes an authenticated row (false for high
		 * traffic).
		 */
		private boolean logUsage = true;

		/** Whether refused authentications write failure rows. */
		private boolean logFailures = true;

		/**
		 * Least time between two last_used_at updates of one token; zero updates on every
		 * use.
		 */
		private Duration lastUsedResolution = Duration.ofSeconds(60);

		/** Rows that may wait for the JDBC writer. */
		private int queueCapacity = 10_000;

		/** Most rows the JDBC writer inserts in one batch. */
		private int batchSize = 500;

		/** Longest a row waits before a partial batch is written. */
		private Duration flushInterval = Duration.ofMillis(200);

		/**
		 * What happens to a row when the queue and the spool are full: drop it (counted
		 * and logged), block the request up to offer-timeout, or reject new requests with
		 * 503.
		 */
		private OverflowPolicy overflowPolicy = OverflowPolicy.DROP;

		/** How long the block and reject policies wait for room in the queue. */
		private Duration offerTimeout = Duration.ofMillis(100);

		/** How long shutdown keeps trying to write queued rows. */
		private Duration shutdownTimeout = Duration.ofSeconds(30);

		/** Longest pause between retries while the database is unreachable. */
		private Duration maxRetryBackoff = Duration.ofSeconds(5);

		/**
		 * How often the usage rollups take in audit rows that did not come through the
		 * writer (an import, a restore, rows from before the upgrade); {@code 0} turns
		 * the catch-up off.
		 */
		private Duration rollupCatchUpInterval = Duration.ofMinutes(1);

		/** The bearer health indicator's view of the audit writer. */
		private final Health health = new Health();

		/** Where rows that cannot reach the database wait on local disk. */
		private final Spool spool = new Spool();

		/**
		 * How long audit rows are kept, lifecycle rows included; unset keeps them
		 * forever.
		 */
		private Duration retention;

		/**
		 * How long the dated usage rollups (15-minute buckets, hours, IP days) are kept;
		 * unset keeps them forever. At least the retention when both are set: rollups
		 * outlive raw rows. All-history totals are kept.
		 */
		private Duration rollupRetention;

		/** Upkeep of the audit table: upcoming partitions and retention. */
		private final Maintenance maintenance = new Maintenance();

		public AuditDriver getDriver() {
			return this.driver;
		}

		public void setDriver(AuditDriver driver) {
			this.driver = driver;
		}

		public boolean isLogUsage() {
			return this.logUsage;
		}

		public void setLogUsage(boolean logUsage) {
			this.logUsage = logUsage;
		}

		public boolean isLogFailures() {
			return this.logFailures;
		}

		public void setLogFailures(boolean logFailures) {
			this.logFailures = logFailures;
		}

		public Duration getLastUsedResolution() {
			return this.lastUsedResolution;
		}

		public void setLastUsedResolution(Duration lastUsedResolution) {
			this.lastUsedResolution = lastUsedResolution;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public Duration getFlushInterval() {
			return this.flushInterval;
		}

		public void setFlushInterval(Duration flushInterval) {
			this.flushInterval = flushInterval;
		}

		public OverflowPolicy getOverflowPolicy() {
			return this.overflowPolicy;
		}

		public void setOverflowPolicy(OverflowPolicy overflowPolicy) {
			this.overflowPolicy = overflowPolicy;
		}

		public Duration getOfferTimeout() {
			return this.offerTimeout;
		}

		public void setOfferTimeout(Duration offerTimeout) {
			this.offerTimeout = offerTimeout;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public Duration getMaxRetryBackoff() {
			return this.maxRetryBackoff;
		}

		public void setMaxRetryBackoff(Duration maxRetryBackoff) {
			this.maxRetryBackoff = maxRetryBackoff;
		}

		public Duration getRollupCatchUpInterval() {
			return this.rollupCatchUpInterval;
		}

		public void setRollupCatchUpInterval(Duration rollupCatchUpInterval) {
			this.rollupCatchUpInterval = rollupCatchUpInterval;
		}

		public Health getHealth() {
			return this.health;
		}

		public Spool getSpool() {
			return this.spool;
		}

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

		public Duration getRollupRetention() {
			return this.rollupRetention;
		}

		public void setRollupRetention(Duration rollupRetention) {
			this.rollupRetention = rollupRetention;
		}

		public Maintenance getMaintenance() {
			return this.maintenance;
		}

		/**
		 * The maintenance settings.
		 * @throws IllegalStateException when the rollup retention is shorter than the
		 * retention
		 */
		AuditMaintenanceSettings toMaintenanceSettings() {
			if (this.retention != null && this.rollupRetention != null
					&& this.rollupRetention.compareTo(this.retention) < 0) {
				throw new IllegalStateException("bearer.audit.rollup-retention (" + this.rollupRetention
						+ ") must not be shorter than bearer.audit.retention (" + this.retention
						+ "): the rollups answer for raw rows retention has removed");
			}
			return new AuditMaintenanceSettings(this.retention, this.rollupRetention, this.maintenance.interval,
					this.maintenance.batchSize, this.maintenance.batchPause);
		}

		JdbcAuditSinkSettings toSinkSettings(Path spoolDirectory) {
			JdbcAuditSinkSettings settings = new JdbcAuditSinkSettings(this.queueCapacity, this.batchSize,
					this.flushInterval, this.overflowPolicy, this.offerTimeout, this.shutdownTimeout,
					this.maxRetryBackoff);
			return (spoolDirectory != null) ? settings.withSpool(spoolDirectory, this.spool.maxSize.toBytes())
					: settings;
		}

	}

	/** Where rows that cannot reach the database wait on local disk. */
	public static class Spool {

		/** The default size cap of the spool. */
		public static final DataSize DEFAULT_MAX_SIZE = DataSize.ofMegabytes(512);

		/**
		 * Whether rows that cannot reach the database (an outage, a queue full for longer
		 * than the writer can keep up) wait on local disk rather than in memory.
		 */
		private boolean enabled = true;

		/**
		 * The spool's directory; under it each database gets a folder of its own. By
		 * default a folder in the application's temporary directory; set a persistent one
		 * in production.
		 */
		private Path directory;

		/** The most disk space the spool takes; past it the overflow policy applies. */
		private DataSize maxSize = DEFAULT_MAX_SIZE;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Path getDirectory() {
			return this.directory;
		}

		public void setDirectory(Path directory) {
			this.directory = directory;
		}

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

	/** Per-token quotas per calendar day or month, or credits. */
	public static class Quota {

		/**
		 * The zone whose calendar days and months the quotas count, e.g. Europe/Berlin: a
		 * day's quota starts again at its midnight.
		 */
		private ZoneId zone = ZoneOffset.UTC;

		public ZoneId getZone() {
			return this.zone;
		}

		public void setZone(ZoneId zone) {
			this.zone = zone;
		}

	}

	/** Upkeep of the audit table: upcoming partitions and retention. */
	public static class Maintenance {

		/**
		 * Whether this node creates upcoming monthly partitions (PostgreSQL) and applies
		 * the retention.
		 */
		private boolean enabled = true;

		/** Time between two runs; the first runs at startup. */
		private Duration interval = AuditMaintenanceSettings.DEFAULT_INTERVAL;

		/** Most rows one retention delete statement removes. */
		private int batchSize = AuditMaintenanceSettings.DEFAULT_BATCH_SIZE;

		/** Pause between two retention delete statements. */
		private Duration batchPause = AuditMaintenanceSettings.DEFAULT_BATCH_PAUSE;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public Duration getBatchPause() {
			return this.batchPause;
		}

		public void setBatchPause(Duration batchPause) {
			this.batchPause = batchPause;
		}

	}

	/** The bearer health indicator's view of the audit writer. */
	public static class Health {

		/**
		 * Share of the audit queue's capacity, from 0 to 1, that makes the health DOWN
		 * while the database is unreachable for the writer; 0 makes it DOWN as soon as
		 * the database is.
		 */
		private double queueThreshold = 0.5;

		public double getQueueThreshold() {
			return this.queueThreshold;
		}

		public void setQueueThreshold(double queueThreshold) {
			this.queueThreshold = queueThreshold;
		}

	}

	/** Per-token rate limits. */
	public static class RateLimit {

		/** Default timeout of one request to a shared backend. */
		static final Duration DEFAULT_BACKEND_TIMEOUT = Duration.ofMillis(500);

		/** Default time a shared backend is left alone after a failure. */
		static final Duration DEFAULT_BACKEND_RETRY_INTERVAL = Duration.ofSeconds(1);

		/** Whether tokens' rate limits are enforced. */
		private boolean enabled = true;

		/**
		 * Where the buckets live: local (each node counts on its own), redis or jdbc
		 * (shared by every node).
		 */
		private Backend backend = Backend.LOCAL;

		/**
		 * What a shared backend's outage does: local (each node counts on its own
		 * meanwhile) or reject (503).
		 */
		private OnBackendFailure onBackendFailure = OnBackendFailure.LOCAL;

		/** Timeout of one request to a shared backend. */
		private Duration backendTimeout = DEFAULT_BACKEND_TIMEOUT;

		/**
		 * How long a shared backend is left alone after a failure before a request probes
		 * it again.
		 */
		private Duration backendRetryInterval = DEFAULT_BACKEND_RETRY_INTERVAL;

		/** The redis backend. */
		private final Redis redis = new Redis();

		/** The jdbc backend. */
		private final Jdbc jdbc = new Jdbc();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Backend getBackend() {
			return this.backend;
		}

		public void setBackend(Backend backend) {
			this.backend = backend;
		}

		public OnBackendFailure getOnBackendFailure() {
			return this.onBackendFailure;
		}

		public void setOnBackendFailure(OnBackendFailure onBackendFailure) {
			this.onBackendFailure = onBackendFailure;
		}

		public Duration getBackendTimeout() {
			return this.backendTimeout;
		}

		public void setBackendTimeout(Duration backendTimeout) {
			this.backendTimeout = backendTimeout;
		}

		public Duration getBackendRetryInterval() {
			return this.backendRetryInterval;
		}

		public void setBackendRetryInterval(Duration backendRetryInterval) {
			this.backendRetryInterval = backendRetryInterval;
		}

		public Redis getRedis() {
			return this.redis;
		}

		public Jdbc getJdbc() {
			return this.jdbc;
		}

		/** Where rate-limit buckets live. */
		public enum Backend {

			/** In each node's memory: every node admits a token's whole limit. */
			LOCAL,

			/** In Redis, shared by every node. */
			REDIS,

			/**
			 * In Bearer's database (PostgreSQL, MySQL or MariaDB), shared by every node;
			 * on H2 the buckets stay local.
			 */
			JDBC

		}

		/** The redis backend. */
		public static class Redis {

			/** Default prefix of every key. */
			static final String DEFAULT_KEY_PREFIX = "bearer:";

			/**
			 * URL of the Redis server, e.g. redis://localhost:6379; when unset, the
			 * application's Spring Data Redis (Lettuce) connection is used.
			 */
			private String url;

			/** Prefix of every key Bearer writes. */
			private String keyPrefix = DEFAULT_KEY_PREFIX;

			public String getUrl() {
				return this.url;
			}

			public void setUrl(String url) {
				this.url = url;
			}

			public String getKeyPrefix() {
				return this.keyPrefix;
			}

			public void setKeyPrefix(String keyPrefix) {
				this.keyPrefix = keyPrefix;
			}

		}

		/** The jdbc backend. */
		public static class Jdbc {

			/** Default time between two deletions of expired buckets. */
			static final Duration DEFAULT_CLEANUP_INTERVAL = Duration.ofMinutes(1);

			/** Default rows one deletion statement removes at most. */
			static final int DEFAULT_CLEANUP_BATCH_SIZE = 1000;

			/** Time between two deletions of expired buckets. */
			private Duration cleanupInterval = DEFAULT_CLEANUP_INTERVAL;

			/**
			 * Rows one deletion statement removes at most (up to ten statements per run).
			 */
			private int cleanupBatchSize = DEFAULT_CLEANUP_BATCH_SIZE;

			public Duration getCleanupInterval() {
				return this.cleanupInterval;
			}

			public void setCleanupInterval(Duration cleanupInterval) {
				this.cleanupInterval = cleanupInterval;
			}

			public int getCleanupBatchSize() {
				return this.cleanupBatchSize;
			}

			public void setCleanupBatchSize(int cleanupBatchSize) {
				this.cleanupBatchSize = cleanupBatchSize;
			}

			JdbcBuckets.Cleanup toCleanup() {
				return new JdbcBuckets.Cleanup(this.cleanupInterval, this.cleanupBatchSize);
			}

		}

	}

	/** GitHub's secret-scanning partner endpoint, which revokes keys reported leaked. */
	public static class SecretScanning {

		/** Default path of the endpoint. */
		static final String DEFAULT_PATH = "/bearer/secret-scanning";

		/** Default of {@code max-body-size}. */
		static final DataSize DEFAULT_MAX_BODY_SIZE = DataSize.ofMegabytes(1);

		/** Default of {@code max-matches}. */
		static final int DEFAULT_MAX_MATCHES = 1000;

		/**
		 * Whether the endpoint answers; it then needs at least one public key.
		 */
		private boolean enabled;

		/**
		 * Path of the endpoint, served by a security filter chain of its own (no bearer
		 * key, no CSRF token, no session).
		 */
		private String path = DEFAULT_PATH;

		/**
		 * GitHub's signing keys by key identifier, each a PEM ECDSA P-256 public key
		 * (-----BEGIN PUBLIC KEY-----), as
		 * https://api.github.com/meta/public_keys/secret_scanning lists them.
		 */
		private Map<String, String> publicKeys = new LinkedHashMap<>();

		/** Largest request body accepted; a larger one is refused with 413. */
		private DataSize maxBodySize = DEFAULT_MAX_BODY_SIZE;

		/** Most matches one report may hold; more are refused with 413. */
		private int maxMatches = DEFAULT_MAX_MATCHES;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public Map<String, String> getPublicKeys() {
			return this.publicKeys;
		}

		public void setPublicKeys(Map<String, String> publicKeys) {
			this.publicKeys = publicKeys;
		}

		public DataSize getMaxBodySize() {
			return this.maxBodySize;
		}

		public void setMaxBodySize(DataSize maxBodySize) {
			this.maxBodySize = maxBodySize;
		}

		public int getMaxMatches() {
			return this.maxMatches;
		}

		public void setMaxMatches(int maxMatches) {
			this.maxMatches = maxMatches;
		}

	}

}
