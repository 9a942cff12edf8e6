package dev.bearer.spring.actuate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.bearer.core.audit.AuditSink;
import dev.bearer.core.audit.AuditWriterStatus;
import dev.bearer.core.audit.JdbcAuditSink;
import dev.bearer.core.token.TokenLookupCache;
import dev.bearer.core.usage.TokenCensus;
import dev.bearer.core.usage.UsageQueryService;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code bearer} Actuator endpoint: tokens by type, environment and state, the audit
 * writer's queue and counts, the token lookup cache, and the rate-limit backend. Every
 * read runs one grouped SQL query for the token counts; the rest is read from memory.
 */
@Endpoint(id = "bearer")
public class BearerEndpoint {

	private final UsageQueryService usage;

	private final AuditSink auditSink;

	private final String auditSinkName;

	private final TokenLookupCache cache;

	private final RateLimitDescriptor rateLimit;

	/**
	 * An endpoint reporting on these parts.
	 * @param usage counts the tokens
	 * @param auditSink the audit sink; a {@link JdbcAuditSink} also reports its writer's
	 * status
	 * @param auditSinkName how to name the sink: its driver ({@code jdbc}, {@code log},
	 * {@code none}) or its class
	 * @param cache the token lookup cache
	 * @param rateLimit the rate-limit backend
	 */
	public BearerEndpoint(UsageQueryService usage, AuditSink auditSink, String auditSinkName, TokenLookupCache cache,
			RateLimitDescriptor rateLimit) {
		this.usage = Objects.requireNonNull(usage, "usage must not be null");
		this.auditSink = Objects.requireNonNull(auditSink, "auditSink must not be null");
		this.auditSinkName = Objects.requireNonNull(auditSinkName, "auditSinkName must not be null");
		this.cache = Objects.requireNonNull(cache, "cache must not be null");
		this.rateLimit = Objects.requireNonNull(rateLimit, "rateLimit must not be null");
	}

	/** The state of Bearer now. */
	@ReadOperation
	public BearerDescriptor bearer() {
		return new BearerDescriptor(tokens(this.usage.tokenCensus()), audit(), cache(), this.rateLimit);
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
		return this.cache.statistics()
			.map(statistics -> new CacheDescriptor(enabled, statistics.size(), statistics.hits(), statistics.misses()))
			.orElseGet(() -> new CacheDescriptor(enabled, null, null, null));
	}

	/**
	 * What the endpoint answers.
	 *
	 * @param tokens the tokens by type, environment and state
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
	 */
	public record CacheDescriptor(boolean enabled, Long size, Long hits, Long misses) {

	}

	/**
	 * The rate-limit backend.
	 *
	 * @param backend {@code local} for Bearer's per-node buckets, {@code redis},
	 * {@code postgresql} or {@code mysql} for buckets shared by every node, {@code none}
	 * without a limiter, else the limiter's class
	 * @param enabled whether tokens' rate limits are enforced
	 */
	public record RateLimitDescriptor(String backend, boolean enabled) {

	}

}
