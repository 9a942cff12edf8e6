package dev.bearer.core.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.audit.AuditRecord;
import dev.bearer.core.audit.AuditSink;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.schema.DatabaseFailures;
import dev.bearer.core.token.JdbcTokenStore.StoredToken;
import dev.bearer.core.token.TokenRequestValidator.TokenSpec;

import org.springframework.transaction.support.TransactionOperations;

/**
 * Issues, finds, revokes, rotates and resolves tokens. Each change runs in one
 * transaction and hands its audit row to the {@link AuditSink} within it (the
 * {@code jdbc} driver writes the row in that transaction); the matching event is
 * published after commit. Lookups of presented tokens go through a
 * {@link TokenLookupCache}, which revocation and rotation evict, and which forgets that a
 * hash was unknown when a token with that hash is issued; each such change is also
 * announced to the other nodes through a {@link TokenChangeBroadcast}.
 */
public class TokenService {

	private final JdbcTokenStore tokens;

	private final JdbcTokenGroupStore groups;

	private final AuditSink auditSink;

	private final TokenTypeRegistry types;

	private final TokenFormat format;

	private final TokenRequestValidator validator;

	private final HashAlgorithm hashAlgorithm;

	private final List<HashAlgorithm> lookupOrder;

	private final TransactionOperations transactions;

	private final AfterCommitEventPublisher events;

	private final Clock clock;

	private final TokenLookupCache cache;

	private final TokenChangeBroadcast broadcast;

	/**
	 * A service over the tables of {@code schema}, auditing into {@code auditSink} and
	 * caching lookups in {@code cache}. {@code transactions} must manage transactions of
	 * the schema's data source (a {@code DataSourceTransactionManager} over it, or the
	 * application's {@code JpaTransactionManager} when that uses the same data source).
	 * Changed tokens are announced to other nodes through {@code broadcast}
	 * ({@link TokenChangeBroadcast#NONE} for one node).
	 */
	public TokenService(BearerSchema schema, AuditSink auditSink, TokenTypeRegistry types,
			TokenServiceSettings settings, TransactionOperations transactions, AfterCommitEventPublisher events,
			Clock clock, TokenLookupCache cache, TokenChangeBroadcast broadcast) {
		this.tokens = new JdbcTokenStore(schema);
		this.groups = new JdbcTokenGroupStore(schema);
		this.auditSink = auditSink;
		this.types = types;
		this.format = new TokenFormat(types);
		this.validator = new TokenRequestValidator(types, settings.maxMetadataBytes());
		this.hashAlgorithm = settings.hashAlgorithm();
		this.lookupOrder = lookupOrder(this.hashAlgorithm);
		this.transactions = transactions;
		this.events = events;
		this.clock = clock;
		this.cache = cache;
		this.broadcast = broadcast;
	}

	/**
	 * Issues a token; the returned plaintext is never available again.
	 * @throws InvalidTokenRequestException naming the bad field; nothing is written then
	 */
	public IssuedToken issue(IssueTokenRequest request) {
		Instant now = this.clock.instant();
		TokenSpec spec = this.validator.validate(request, now);
		return this.transactions.execute(status -> {
			requireGroupOf(spec.owner(), spec.groupId());
			IssuedToken issued = insert(spec, spec.metadata(), now);
			audit(issued.token().id(), AuditEvent.CREATED,
					Map.of("type", spec.type().prefix(), "environment", spec.environment().code()), now);
			this.events.publish(new TokenCreated(issued.token()));
			return issued;
		});
	}

	/** Creates a token group for {@code owner}. */
	public TokenGroup createGroup(TokenOwner owner, String name, Map<String, Object> metadata) {
		if (name != null && name.length() > TokenRequestValidator.MAX_NAME_LENGTH) {
			throw new InvalidTokenRequestException("name",
					"must be at most " + TokenRequestValidator.MAX_NAME_LENGTH + " characters");
		}
		return this.groups.insert(owner, name, metadata, this.clock.instant());
	}

	/** The token with this id, if any. */
	public Optional<Token> find(long id) {
		return this.tokens.findById(id).map(StoredToken::token);
	}

	/** All tokens of {@code owner}, oldest first, revoked and expired ones included. */
	public List<Token> listByOwner(TokenOwner owner) {
		return this.tokens.findByOwner(owner);
	}

	/**
	 * Revokes a token now. Revoking a revoked token changes nothing and writes nothing.
	 * @throws TokenNotFoundException if no token has this id
	 */
	public Token revoke(long id, String reason) {
		return this.transactions.execute(status -> {
			Instant now = this.clock.instant();
			StoredToken stored = loadForUpdate(id);
			if (stored.token().isRevoked(now)) {
				return stored.token();
			}
			Token revoked = this.tokens.revoke(stored.token(), now, now);
			evict(stored.tokenHash());
			Map<String, Object> metadata = new LinkedHashMap<>();
			metadata.put("reason", reason);
			audit(id, AuditEvent.REVOKED, metadata, now);
			this.events.publish(new TokenRevoked(revoked, reason));
			return revoked;
		});
	}

	/**
	 * Replaces an active token with a new one that keeps its owner, type, environment,
	 * abilities, restrictions, group and expiry. The old token stops working now, or at
	 * the end of {@code gracePeriod} (never later than it already would).
	 * @param gracePeriod how long the old token keeps working; {@code null} or zero for
	 * not at all
	 * @throws TokenNotFoundException if no token has this id
	 * @throws TokenStateException if the token is revoked or expired
	 */
	public IssuedToken rotate(long id, Duration gracePeriod) {
		Duration grace = (gracePeriod != null) ? gracePeriod : Duration.ZERO;
		if (grace.isNegative()) {
			throw new InvalidTokenRequestException("gracePeriod", "must not be negative (was " + grace + ")");
		}
		return this.transactions.execute(status -> {
			Instant now = this.clock.instant();
			StoredToken previous = loadForUpdate(id);
			Token old = previous.token();
			if (!old.isActive(now)) {
				throw new TokenStateException("Token " + id + " is " + (old.isRevoked(now) ? "revoked" : "expired")
						+ " and cannot be rotated");
			}
			Map<String, Object> metadata = new LinkedHashMap<>(old.metadata());
			metadata.put("rotated_from", id);
			IssuedToken replacement = insert(specOf(old), metadata, now);
			Instant end = now.plus(grace);
			Token rotated = this.tokens.revoke(old,
					(old.revokedAt() != null && old.revokedAt().isBefore(end)) ? old.revokedAt() : end, now);
			evict(previous.tokenHash());
			audit(id, AuditEvent.ROTATED,
					Map.of("new_token_id", replacement.token().id(), "grace_period_seconds", grace.toSeconds()), now);
			audit(replacement.token().id(), AuditEvent.CREATED, Map.of("rotated_from", id), now);
			this.events.publish(new TokenCreated(replacement.token()));
			this.events.publish(new TokenRotated(rotated, replacement.token()));
			return replacement;
		});
	}

	/**
	 * Resolves a presented token string. A malformed string is refused without a database
	 * query; otherwise the token is looked up by its hash (in the cache first, and not at
	 * all when a recent lookup of the hash found nothing) and compared in constant time.
	 * The cache is asked for the configured algorithm's hash first, so a cache hit of a
	 * token hashed that way computes one digest.
	 */
	public TokenResolution resolve(String presented) {
		if (this.format.parse(presented).isEmpty()) {
			return new TokenResolution.Rejected(AuthenticationFailureReason.MALFORMED, null);
		}
		List<String> candidates = new ArrayList<>(this.lookupOrder.size());
		Optional<Token> found = firstCached(presented, candidates, this.cache::get);
		if (found.isEmpty() && !candidates.stream().allMatch(this.cache::isUnknown)) {
			found = lookUpOrStale(presented, candidates);
		}
		return found.map(this::judge)
			.orElseGet(() -> new TokenResolution.Rejected(AuthenticationFailureReason.UNKNOWN, null));
	}

	/**
	 * Resolves a presented token string from the lookup cache alone, including tokens
	 * kept past the cache's time-to-live for a database that cannot be reached: the
	 * resolution when the cache holds its token, else empty.
	 */
	public Optional<TokenResolution> resolveFromStaleCache(String presented) {
		return resolveFromCache(presented, this.cache::getStale);
	}

	/**
	 * Looks the candidates up; when the database cannot be reached, a token the cache
	 * kept past its time-to-live stands in (still judged for revocation and expiry).
	 */
	private Optional<Token> lookUpOrStale(String presented, List<String> candidates) {
		try {
			return lookUp(presented, candidates, this.cache.generation());
		}
		catch (RuntimeException ex) {
			Optional<Token> stale = DatabaseFailures.isUnreachable(ex) ? first(candidates, this.cache::getStale)
					: Optional.empty();
			if (stale.isEmpty()) {
				throw ex;
			}
			return stale;
		}
	}

	/**
	 * Resolves a presented token string from the lookup cache alone, never querying the
	 * database: the resolution when the cache holds its token, else empty (for a
	 * malformed, unknown or uncached string alike).
	 */
	public Optional<TokenResolution> resolveFromCache(String presented) {
		return resolveFromCache(presented, this.cache::get);
	}

	private Optional<TokenResolution> resolveFromCache(String presented, Function<String, Optional<Token>> read) {
		if (this.format.parse(presented).isEmpty()) {
			return Optional.empty();
		}
		return firstCached(presented, new ArrayList<>(this.lookupOrder.size()), read).map(this::judge);
	}

	/** Every algorithm, the configured one first. */
	private static List<HashAlgorithm> lookupOrder(HashAlgorithm configured) {
		List<HashAlgorithm> order = new ArrayList<>(List.of(HashAlgorithm.values()));
		order.remove(configured);
		order.add(0, configured);
		return List.copyOf(order);
	}

	/**
	 * The token {@code read} gives for the first of the presented string's hashes that
	 * has one, hashing with one algorithm after the other (configured first) and stopping
	 * there; every hash computed is added to {@code computed}, so after a miss it holds
	 * them all.
	 */
	private Optional<Token> firstCached(String presented, List<String> computed,
			Function<String, Optional<Token>> read) {
		for (HashAlgorithm algorithm : this.lookupOrder) {
			String hash = algorithm.hash(presented);
			computed.add(hash);
			Optional<Token> token = read.apply(hash);
			if (token.isPresent()) {
				return token;
			}
		}
		return Optional.empty();
	}

	/** The token the first candidate hash gives by {@code read}, if any. */
	private static Optional<Token> first(List<String> candidates, Function<String, Optional<Token>> read) {
		return candidates.stream().map(read).flatMap(Optional::stream).findFirst();
	}

	private TokenResolution judge(Token token) {
		Instant now = this.clock.instant();
		if (token.isRevoked(now)) {
			return new TokenResolution.Rejected(AuthenticationFailureReason.REVOKED, token);
		}
		if (token.isExpired(now)) {
			return new TokenResolution.Rejected(AuthenticationFailureReason.EXPIRED, token);
		}
		return new TokenResolution.Resolved(token);
	}

	/**
	 * Looks the candidates up in the database; caches what it finds, or that nothing was
	 * found, unless the cache was evicted since {@code cacheGeneration} was read.
	 */
	private Optional<Token> lookUp(String presented, List<String> candidates, long cacheGeneration) {
		Optional<StoredToken> match = this.tokens.findByHashes(candidates)
			.stream()
			.filter(stored -> HashAlgorithm.digestsMatch(stored.token().hashAlgorithm().hash(presented),
					stored.tokenHash()))
			.findFirst();
		if (match.isPresent()) {
			this.cache.put(match.get().tokenHash(), match.get().token(), cacheGeneration);
		}
		else {
			candidates.forEach(hash -> this.cache.putUnknown(hash, cacheGeneration));
		}
		return match.map(StoredToken::token);
	}

	/**
	 * Evicts now and again after commit, and announces the change to the other nodes
	 * (which evict once it has committed). A lookup that read the database before the
	 * commit cannot cache the old state (the old token, or that no token had the hash)
	 * afterwards: each eviction moves the cache to a new generation, and a lookup only
	 * caches what it read in the generation it started in.
	 */
	private void evict(String hash) {
		this.cache.evict(hash);
		this.broadcast.announce(hash);
		this.events.runAfterCommit(() -> this.cache.evict(hash));
	}

	private IssuedToken insert(TokenSpec spec, Map<String, Object> metadata, Instant now) {
		String plaintext = this.format.generate(spec.type(), spec.environment());
		Token token = new Token(null, spec.owner(), spec.name(), spec.type().prefix(), spec.environment(),
				TokenFormat.displayPrefix(plaintext), this.hashAlgorithm, spec.abilities(), metadata, spec.allowedIps(),
				spec.allowedDomains(), spec.rateLimitPerMinute(), spec.groupId(), null, spec.expiresAt(), null, null,
				now, now);
		String hash = this.hashAlgorithm.hash(plaintext);
		Token inserted = this.tokens.insert(token, hash);
		evict(hash);
		return new IssuedToken(inserted, plaintext);
	}

	private TokenSpec specOf(Token token) {
		TokenType type = this.types.find(token.type())
			.orElseThrow(() -> new TokenStateException("Token type '" + token.type() + "' is no longer configured"));
		return new TokenSpec(token.owner(), token.name(), type, token.environment(), token.abilities(),
				token.expiresAt(), token.metadata(), nullIfEmpty(token.allowedIps()),
				nullIfEmpty(token.allowedDomains()), token.rateLimitPerMinute(), token.groupId());
	}

	private void requireGroupOf(TokenOwner owner, Long groupId) {
		if (groupId == null) {
			return;
		}
		TokenGroup group = this.groups.findById(groupId)
			.orElseThrow(() -> new InvalidTokenRequestException("groupId", "no group with id " + groupId));
		if (!group.owner().equals(owner)) {
			throw new InvalidTokenRequestException("groupId", "group " + groupId + " belongs to another owner");
		}
	}

	private StoredToken loadForUpdate(long id) {
		return this.tokens.findByIdForUpdate(id).orElseThrow(() -> new TokenNotFoundException(id));
	}

	private void audit(Long tokenId, AuditEvent event, Map<String, Object> metadata, Instant now) {
		this.auditSink.writeWithinTransaction(new AuditRecord(tokenId, event, null, null, metadata, now));
	}

	private static List<String> nullIfEmpty(List<String> values) {
		return values.isEmpty() ? null : values;
	}

}
