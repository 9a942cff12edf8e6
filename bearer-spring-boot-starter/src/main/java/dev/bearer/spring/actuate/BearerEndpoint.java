package dev.bearer.spring.actuate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.bearer.core.audit.AuditSink;
import dev.bearer.core.audit.AuditWriterStatus;
import dev.bearer.core.audit.JdbcAuditSink;
import dev.bearer.core.invalidation.CacheInvalidationChannel;
import dev.bearer.core.token.TokenLookupCache;
import dev.bearer.core.usage.TokenCensus;
import dev.bearer.core.usage.UsageQueryService;
import dev.bearer.spring.ratelimit.LocalRateLimiter;
import dev.bearer.spring.ratelimit.RateLimiter;
import dev.bearer.spring.ratelimit.SharedRateLimiter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.dao.DataAccessException;

/**
 * The {@code bearer} Actuator endpoint: tokens by type, environment and state, the audit
 * writer's queue and counts, the token lookup cache and its invalidation channel, and the
 * rate-limit backend. Every read runs one grouped SQL query for the token counts; the
 * rest is read from memory, so it answers while the database cannot be reached, without
 * the counts.
 */
@Endpoint(id = "bearer")
public class BearerEndpoint {

	private static final Logger logger = LoggerFactory.getLogger(BearerEndpoint.class);

	private final UsageQueryService usage;

	private final AuditSink auditSink;

	private final String auditSinkName;

	private final TokenLookupCache cache;

	private final RateLimiter rateLimiter;

	private final CacheInvalidationChannel invalidation;

	/**
	 * An endpoint reporting on these parts.
	 * @param usage counts the tokens
	 * @param auditSink the audit sink; a {@link JdbcAuditSink} also reports its writer's
	 * status
	 * @param auditSinkName how to name the sink: its driver ({@code jdbc}, {@code log},
	 * {@code none}) or its class
	 * @param cache the token lookup cache
	 * @param rateLimiter the rate limiter, or {@code null} when there is none
	 * @param invalidation the channel that evicts other nodes' changes from the cache, or
	 * {@code null} when there is none
	 */
	public BearerEndpoint(UsageQueryService usage, AuditSink auditSink, String auditSinkName, TokenLookupCache cache,
			RateLimiter rateLimiter, CacheInvalidationChannel invalidation) {
		this.usage = Objects.requireNonNull(usage, "usage must not be null");
		this.auditSink = Objects.requireNonNull(auditSink, "auditSink must not be null");
		this.auditSinkName = Objects.requireNonNull(auditSinkName, "auditSinkName must not be null");
		this.cache = Objects.requireNonNull(cache, "cache must not be null");
		this.rateLimiter = rateLimiter;
		this.invalidation = invalidation;
	}

	/** The state of Bearer now. */
	@ReadOperation
	public BearerDescriptor bearer() {
		return new BearerDescriptor(tokens(), audit(), cache(), rateLimit());
	}

	private TokensDescriptor tokens() {
		try {
			return tokens(this.usage.tokenCensus());
		}
		catch (DataAccessException ex) {
			logger.debug("The bearer endpoint could not count the tokens", ex);
			return null;
		}
	}

	private static TokensDescriptor tokens(TokenCensus census) {
		Map<String, Map<String, Map<String, Long>>> byType = new LinkedHashMap<>();
		for (TokenCensus.Count count : census.counts()) {
			byType.computeIfAbsent(count.type(), type -> new LinkedHashMap<>())
				.computeIfAbsent(count.environment().code(), environment -> zeroPerState())
				.put(count.state().code(), count.tokens());
		}
		return new TokensDescriptor(census.at(), census.total(), census.count(TokenCensus.State.ACTIVE),
				census.count(TokenCensus.State.EXPIRED), census.count(TokenCensus.State.REVOKED), byType);
	}

	private static Map<String, Long> zeroPerState() {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (TokenCensus.State state : TokenCensus.State.values()) {
			counts.put(state.code(), 0L);
		}
		return counts;
	}

	private AuditDescriptor audit() {
		AuditWriterStatus writer = (this.auditSink instanceof JdbcAuditSink jdbc) ? jdbc.status() : null;
		return new AuditDescriptor(this.auditSinkName, writer);
	}

	private CacheDescriptor cache() {
		boolean enabled = this.cache != TokenLookupCache.NONE;
		InvalidationDescriptor invalidation = invalidation();
		return this.cache.statistics()
			.map(statistics -> new CacheDescriptor(enabled, statistics.size(), statistics.hits(), statistics.misses(),
					invalidation))
			.orElseGet(() -> new CacheDescriptor(enabled, null, null, null, invalidation));
	}

	private InvalidationDescriptor invalidation() {
		if (this.invalidation == null) {
			return new InvalidationDescriptor("none", null, null, null);
		}
		return new InvalidationDescriptor(this.invalidation.name(), this.invalidation.isConnected(),
				this.invalidation.failures(), this.invalidation.received());
	}

	private RateLimitDescriptor rateLimit() {
		if (this.rateLimiter == null) {
			return new RateLimitDescriptor("none", false, null, null);
		}
		if (this.rateLimiter == RateLimiter.UNLIMITED) {
			return new RateLimitDescriptor("local", false, null, null);
		}
		if (this.rateLimiter instanceof LocalRateLimiter) {
			return new RateLimitDescriptor("local", true, null, null);
		}
		if (this.rateLimiter instanceof SharedRateLimiter shared) {
			return new RateLimitDescriptor(shared.backend(), true, shared.isBackendDown(), shared.fallbacks());
		}
		return new RateLimitDescriptor(this.rateLimiter.getClass().getName(), true, null, null);
	}

	/**
	 * What the endpoint answers.
	 *
	 * @param tokens the tokens by type, environment and state, or {@code null} when the
	 * database could not be reached
	 * @param audit the audit sink and, for {@code jdbc}, its writer
	 * @param cache the token lookup cache
	 * @param rateLimit the rate-limit backend
	 */
	public record BearerDescriptor(TokensDescriptor tokens, AuditDescriptor audit, CacheDescriptor cache,
			RateLimitDescriptor rateLimit) implements OperationResponseBody {

	}

	/**
	 * The tokens of every owner, judged at one instant.
	 *
	 * @param at the instant their states were judged at (the application clock's now)
	 * @param total all tokens
	 * @param active tokens neither revoked nor expired
	 * @param expired tokens past their expiry and not revoked
	 * @param revoked tokens whose revocation has taken effect
	 * @param byType counts per type, then environment, then state; every state is listed,
	 * zeros included
	 */
	public record TokensDescriptor(Instant at, long total, long active, long expired, long revoked,
			Map<String, Map<String, Map<String, Long>>> byType) {

	}

	/**
	 * The audit sink.
	 *
	 * @param sink the driver ({@code jdbc}, {@code log}, {@code none}) or the class of
	 * the application's sink
	 * @param writer the JDBC writer's queue and counts, or {@code null} for any other
	 * sink
	 */
	public record AuditDescriptor(String sink, AuditWriterStatus writer) {

	}

	/**
	 * The token lookup cache.
	 *
	 * @param enabled whether lookups are cached
	 * @param size tokens held now, or {@code null} when the cache keeps no statistics
	 * @param hits lookups answered from the cache, or {@code null} when it keeps no
	 * statistics
	 * @param misses lookups that went to the database, or {@code null} when it keeps no
	 * statistics
	 * @param invalidation the channel that evicts tokens changed on other nodes
	 */
	public record CacheDescriptor(boolean enabled, Long size, Long hits, Long misses,
			InvalidationDescriptor invalidation) {

	}

	/**
	 * The channel that evicts tokens changed on any node from this node's cache.
	 *
	 * @param channel {@code redis}, {@code postgres} or {@code poll}, or {@code none}
	 * when changes on other nodes are bounded only by the cache's time-to-live
	 * @param connected whether the channel reaches the other nodes now, or {@code null}
	 * without a channel
	 * @param failures failed attempts to announce, receive, probe or reconnect since
	 * start, or {@code null} without a channel
	 * @param received changes heard and evicted since start (this node's own included),
	 * or {@code null} without a channel
	 */
	public record InvalidationDescriptor(String channel, Boolean connected, Long failures, Long received) {

	}

	/**
	 * The rate-limit backend.
	 *
	 * @param backend {@code local} for Bearer's per-node buckets, {@code redis},
	 * {@code postgresql} or {@code mysql} for buckets shared by every node, {@code none}
	 * without a limiter, else the limiter's class
	 * @param enabled whether tokens' rate limits are enforced
	 * @param backendDown for a shared backend, whether it is unreachable now (requests
	 * fall back to {@code bearer.rate-limit.on-backend-failure}), else {@code null}
	 * @param fallbacks for a shared backend, requests decided by the fallback since
	 * start, else {@code null}
	 */
	public record RateLimitDescriptor(String backend, boolean enabled, Boolean backendDown, Long fallbacks) {

	}

}
