package dev.bearer.core.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * announced to the other nodes through a {@link TokenChangeBroadcast}. Revoking or
 * rotating a key ends the keys derived from it with it.
 */
public class TokenService {

	/** The most timed revocations one {@link #runDueRevocations()} call runs. */
	static final int TIMED_REVOCATION_BATCH = 100;

	/** The most types or environments a {@link TokenSelection} may name. */
	static final int MAX_SELECTION_ENTRIES = 10;

	/** The longest reason of a group revocation. */
	static final int MAX_REASON_LENGTH = 255;

	/**
	 * How long a key the database showed idle is refused from the lookup cache without
	 * reading it again.
	 */
	static final Duration IDLE_RECHECK_INTERVAL = Duration.ofMinutes(1);

	/** The reason a token reported leaked is revoked with ({@link #revokeLeaked}). */
	public static final String LEAKED = "leaked";

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

	private final TokenDerivation derivation;

	private final JdbcTimedRevocationStore timedRevocations;

	private final TokenPolicies policies;

	private final RecentTokenUses recentUses;

	private final Cache<Long, Boolean> confirmedIdle = Caffeine.newBuilder()
		.expireAfterWrite(IDLE_RECHECK_INTERVAL)
		.maximumSize(10_000)
		.build();

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
		this(schema, auditSink, types, settings, transactions, events, clock, cache, broadcast, RecentTokenUses.NONE);
	}

	/**
	 * A service as above whose idle expiry counts from the latest use this node saw
	 * ({@code recentUses}, usually the {@link LastUsedRecorder}) when that is fresher
	 * than the stored one.
	 * @throws IllegalArgumentException if a policy names an unknown type or allows less
	 * than its type's default lifetime
	 */
	public TokenService(BearerSchema schema, AuditSink auditSink, TokenTypeRegistry types,
			TokenServiceSettings settings, TransactionOperations transactions, AfterCommitEventPublisher events,
			Clock clock, TokenLookupCache cache, TokenChangeBroadcast broadcast, RecentTokenUses recentUses) {
		settings.policies().checkAgainst(types);
		this.policies = settings.policies();
		this.recentUses = recentUses;
		this.tokens = new JdbcTokenStore(schema);
		this.groups = new JdbcTokenGroupStore(schema);
		this.auditSink = auditSink;
		this.types = types;
		this.format = new TokenFormat(types);
		this.validator = new TokenRequestValidator(types, settings.maxMetadataBytes(), this.policies);
		this.hashAlgorithm = settings.hashAlgorithm();
		this.lookupOrder = lookupOrder(this.hashAlgorithm);
		this.transactions = transactions;
		this.events = events;
		this.clock = clock;
		this.cache = cache;
		this.broadcast = broadcast;
		this.derivation = new TokenDerivation(this.validator, settings.maxDerivationDepth());
		this.timedRevocations = new JdbcTimedRevocationStore(schema, TIMED_REVOCATION_BATCH);
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
	 * Revokes a token now, and the keys derived from it (each with its own audit row and
	 * event). Revoking a revoked token changes nothing and writes nothing.
	 * @throws TokenNotFoundException if no token has this id
	 */
	public Token revoke(long id, String reason) {
		return this.transactions.execute(status -> {
			Instant now = this.clock.instant();
			StoredToken stored = loadForUpdate(id);
			if (stored.token().isRevoked(now)) {
				return stored.token();
			}
			Map<String, Object> metadata = new LinkedHashMap<>();
			metadata.put("reason", reason);
			return revokeWithDescendants(stored, metadata, now).get(0);
		});
	}

	/**
	 * Revokes the token {@code presented} is, reported leaked (found at {@code foundAt},
	 * a URL, or {@code null}), as {@link #revoke} does with reason {@value #LEAKED}, and
	 * publishes {@link TokenLeaked} after commit. The plaintext is looked up by its hash
	 * in the database, never in the cache, and neither stored nor logged. Only an active
	 * token (of either environment) is revoked: reporting it again, or reporting a
	 * revoked or expired token, changes nothing and writes nothing.
	 */
	public LeakOutcome revokeLeaked(String presented, String foundAt) {
		if (this.format.parse(presented).isEmpty()) {
			return LeakOutcome.UNKNOWN;
		}
		List<String> candidates = candidateHashes(presented);
		return this.transactions.execute(status -> {
			Optional<StoredToken> match = findStored(presented, candidates);
			if (match.isEmpty()) {
				return LeakOutcome.UNKNOWN;
			}
			Token token = loadForUpdate(match.get().token().id()).token();
			Instant now = this.clock.instant();
			if (token.isRevoked(now)) {
				return LeakOutcome.ALREADY_REVOKED;
			}
			if (token.isExpired(now)) {
				return LeakOutcome.EXPIRED;
			}
			this.events.publish(new TokenLeaked(revoke(token.id(), LEAKED), foundAt));
			return LeakOutcome.REVOKED;
		});
	}

	/**
	 * Replaces an active token with a new one that keeps its owner, type, environment,
	 * abilities, restrictions, group and expiry. The old token stops working now, or at
	 * the end of {@code gracePeriod} (never later than it already would). The
	 * replacement's expiry follows the type's {@link TokenPolicy} as it is now: shortened
	 * to the maximum lifetime from now, and, for a key issued before an expiry was
	 * required, the maximum lifetime (else the type's default lifetime).
	 * @param gracePeriod how long the old token keeps working; {@code null} or zero for
	 * not at all
	 * @throws TokenNotFoundException if no token has this id
	 * @throws TokenStateException if the token is revoked or expired
	 * @throws InvalidTokenRequestException naming {@code expiresAt} when the policy
	 * requires an expiry and gives none to apply; nothing is written then
	 */
	public IssuedToken rotate(long id, Duration gracePeriod) {
		Duration grace = gracePeriod(gracePeriod);
		return this.transactions.execute(status -> {
			Instant now = this.clock.instant();
			lockGroupOf(id);
			return rotateLocked(loadForUpdate(id), grace, now);
		});
	}

	/**
	 * Rotates a locked token: inserts its replacement, ends it (and the keys derived from
	 * it) now or at the end of {@code grace}, audits and publishes.
	 */
	private IssuedToken rotateLocked(StoredToken previous, Duration grace, Instant now) {
		long id = previous.token().id();
		Token old = previous.token();
		if (!old.isActive(now)) {
			throw new TokenStateException(
					"Token " + id + " is " + (old.isRevoked(now) ? "revoked" : "expired") + " and cannot be rotated");
		}
		Map<String, Object> metadata = new LinkedHashMap<>(old.metadata());
		metadata.put("rotated_from", id);
		IssuedToken replacement = insert(replacementSpec(old, now), metadata, old.parentId(), now);
		moveCredits(id, replacement.token().id());
		Instant end = now.plus(grace);
		Token rotated = this.tokens.revoke(old,
				(old.revokedAt() != null && old.revokedAt().isBefore(end)) ? old.revokedAt() : end, now);
		evict(previous.tokenHash());
		Map<String, Object> cascade = new LinkedHashMap<>();
		cascade.put("reason", "parent rotated");
		revokeDescendants(rotated, rotated.revokedAt(), cascade, "parent_rotated", now);
		audit(id, AuditEvent.ROTATED,
				Map.of("new_token_id", replacement.token().id(), "grace_period_seconds", grace.toSeconds()), now);
		audit(replacement.token().id(), AuditEvent.CREATED, Map.of("rotated_from", id), now);
		this.events.publish(new TokenCreated(replacement.token()));
		this.events.publish(new TokenRotated(rotated, replacement.token()));
		return replacement;
	}

	/**
	 * Derives a child key from an active key: same owner, type and environment;
	 * abilities, lifetime, allow-lists and rate limit taken from the parent where the
	 * request leaves them out, and never wider than the parent's. Audited as
	 * {@code created} with {@code parent_id} and {@code depth} in its metadata; revoking
	 * or rotating the parent ends the child with it.
	 * @throws TokenNotFoundException if no token has this id
	 * @throws TokenStateException if the parent is revoked or expired
	 * @throws InvalidTokenRequestException naming the field that is invalid or wider than
	 * the parent's ({@code parentId} when the parent is at the maximum depth); nothing is
	 * written then
	 */
	public IssuedToken derive(long parentId, DeriveTokenRequest request) {
		return this.transactions.execute(status -> {
			Instant now = this.clock.instant();
			Token parent = loadForUpdate(parentId).token();
			int depth = depthOf(parent) + 1;
			TokenSpec spec = this.derivation.derive(parent, depth - 1, request, now);
			IssuedToken issued = insert(spec, spec.metadata(), parentId, now);
			Map<String, Object> metadata = new LinkedHashMap<>();
			metadata.put("type", spec.type().prefix());
			metadata.put("environment", spec.environment().code());
			metadata.put("parent_id", parentId);
			metadata.put("depth", depth);
			audit(issued.token().id(), AuditEvent.CREATED, metadata, now);
			this.events.publish(new TokenCreated(issued.token()));
			return issued;
		});
	}

	/**
	 * How many ancestors {@code token} has, counted up to one past the maximum depth.
	 */
	private int depthOf(Token token) {
		int depth = 0;
		Long parentId = token.parentId();
		while (parentId != null && depth <= this.derivation.maxDepth()) {
			depth++;
			parentId = this.tokens.findById(parentId).map(stored -> stored.token().parentId()).orElse(null);
		}
		return depth;
	}

	/**
	 * Revokes keys of a group by {@code request}'s strategy, each with the keys derived
	 * from it, in one transaction: every revoked key gets its own {@code revoked} audit
	 * row (with {@code strategy} and {@code group_id}) and {@link TokenRevoked} event. A
	 * {@link RevocationStrategy#TIMED timed} revocation is only stored: its keys keep
	 * working until {@link #runDueRevocations()} runs it at or after its instant.
	 * @throws InvalidTokenRequestException naming the bad field (an unknown group, a key
	 * outside it, an empty partial selection, an instant not in the future); nothing is
	 * written then
	 */
	public GroupRevocation revokeGroup(GroupRevocationRequest request) {
		RevocationStrategy strategy = validated(request);
		return this.transactions.execute(status -> {
			Instant now = this.clock.instant();
			lockGroup(request.groupId());
			if (strategy == RevocationStrategy.TIMED) {
				if (!request.revokeAt().isAfter(now)) {
					throw new InvalidTokenRequestException("revokeAt",
							"must be in the future (was " + request.revokeAt() + ")");
				}
				return new GroupRevocation(strategy, List.of(), this.timedRevocations.insert(request.groupId(),
						request.selection(), request.revokeAt(), request.reason(), now));
			}
			List<StoredToken> targets;
			if (strategy == RevocationStrategy.NONE) {
				StoredToken named = loadForUpdate(request.tokenId());
				if (!Long.valueOf(request.groupId()).equals(named.token().groupId())) {
					throw new InvalidTokenRequestException("tokenId",
							"token " + request.tokenId() + " is not in group " + request.groupId());
				}
				targets = List.of(named);
			}
			else {
				targets = this.tokens.findByGroupForUpdate(request.groupId())
					.stream()
					.filter(stored -> request.selection().matches(stored.token()))
					.toList();
			}
			return new GroupRevocation(strategy,
					revokeAll(targets, groupRevocationMetadata(strategy, request.groupId(), request.reason()), now),
					null);
		});
	}

	private RevocationStrategy validated(GroupRevocationRequest request) {
		if (request.strategy() == null) {
			throw new InvalidTokenRequestException("strategy", "must not be null");
		}
		if (request.reason() != null && request.reason().length() > MAX_REASON_LENGTH) {
			throw new InvalidTokenRequestException("reason", "must be at most " + MAX_REASON_LENGTH + " characters");
		}
		TokenSelection selection = request.selection();
		if (selection.types().size() > MAX_SELECTION_ENTRIES
				|| selection.environments().size() > MAX_SELECTION_ENTRIES) {
			throw new InvalidTokenRequestException("selection",
					"at most " + MAX_SELECTION_ENTRIES + " types and " + MAX_SELECTION_ENTRIES + " environments");
		}
		for (String type : selection.types()) {
			if (this.types.find(type).isEmpty()) {
				throw new InvalidTokenRequestException("selection", "unknown token type '" + type + "'");
			}
		}
		switch (request.strategy()) {
			case NONE -> {
				if (request.tokenId() == null) {
					throw new InvalidTokenRequestException("tokenId", "must name the key to revoke");
				}
			}
			case PARTIAL -> {
				if (selection.isAll()) {
					throw new InvalidTokenRequestException("selection",
							"must name at least one type or environment (use cascade for every key)");
				}
			}
			case TIMED -> {
				if (request.revokeAt() == null) {
					throw new InvalidTokenRequestException("revokeAt", "must not be null");
				}
			}
			case CASCADE -> {
			}
		}
		return request.strategy();
	}

	private static Map<String, Object> groupRevocationMetadata(RevocationStrategy strategy, long groupId,
			String reason) {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("reason", reason);
		metadata.put("strategy", strategy.code());
		metadata.put("group_id", groupId);
		return metadata;
	}

	/**
	 * Runs the timed revocations due now, each in its own transaction, on this node only
	 * when several nodes poll at once: a revocation runs in the transaction that marks it
	 * done, so another node finds it done. Returns how many this call ran.
	 */
	public int runDueRevocations() {
		int ran = 0;
		for (long id : this.timedRevocations.findDue(this.clock.instant())) {
			if (Boolean.TRUE.equals(this.transactions.execute(status -> runTimedRevocation(id)))) {
				ran++;
			}
		}
		return ran;
	}

	private boolean runTimedRevocation(long id) {
		Instant now = this.clock.instant();
		if (!this.timedRevocations.claim(id, now)) {
			return false;
		}
		TimedRevocation revocation = this.timedRevocations.findById(id).orElseThrow();
		lockGroup(revocation.groupId());
		List<StoredToken> targets = this.tokens.findByGroupForUpdate(revocation.groupId())
			.stream()
			.filter(stored -> revocation.selection().matches(stored.token()))
			.toList();
		Map<String, Object> metadata = groupRevocationMetadata(RevocationStrategy.TIMED, revocation.groupId(),
				revocation.reason());
		metadata.put("timed_revocation_id", id);
		revokeAll(targets, metadata, now);
		return true;
	}

	/** The group's timed revocations in every state, soonest first. */
	public List<TimedRevocation> timedRevocations(long groupId) {
		return this.timedRevocations.findByGroup(groupId);
	}

	/**
	 * Cancels a pending timed revocation; its keys keep working.
	 * @throws InvalidTokenRequestException naming {@code timedRevocationId} when no timed
	 * revocation has this id
	 * @throws TokenStateException if it already ran or was cancelled
	 */
	public TimedRevocation cancelTimedRevocation(long id) {
		return this.transactions.execute(status -> {
			if (!this.timedRevocations.cancel(id, this.clock.instant())) {
				TimedRevocation existing = this.timedRevocations.findById(id)
					.orElseThrow(() -> new InvalidTokenRequestException("timedRevocationId",
							"no timed revocation with id " + id));
				throw new TokenStateException("Timed revocation " + id + " is "
						+ existing.state().name().toLowerCase(Locale.ROOT) + " and cannot be cancelled");
			}
			return this.timedRevocations.findById(id).orElseThrow();
		});
	}

	/**
	 * Rotates every active key of a group at once, in one transaction, with one grace
	 * period: each as {@link #rotate} would. Returns the replacements, oldest key first.
	 * @throws InvalidTokenRequestException naming {@code groupId} for an unknown group,
	 * {@code gracePeriod} when it is negative, or {@code expiresAt} when a key's policy
	 * requires an expiry and gives none to apply; nothing is written then
	 */
	public List<IssuedToken> rotateGroup(long groupId, Duration gracePeriod) {
		Duration grace = gracePeriod(gracePeriod);
		return this.transactions.execute(status -> {
			Instant now = this.clock.instant();
			lockGroup(groupId);
			return this.tokens.findByGroupForUpdate(groupId)
				.stream()
				.filter(stored -> stored.token().isActive(now))
				.map(stored -> rotateLocked(stored, grace, now))
				.toList();
		});
	}

	private static Duration gracePeriod(Duration gracePeriod) {
		Duration grace = (gracePeriod != null) ? gracePeriod : Duration.ZERO;
		if (grace.isNegative()) {
			throw new InvalidTokenRequestException("gracePeriod", "must not be negative (was " + grace + ")");
		}
		return grace;
	}

	/**
	 * Revokes each locked token not yet revoked now, with its descendants; returns every
	 * token revoked.
	 */
	private List<Token> revokeAll(List<StoredToken> targets, Map<String, Object> metadata, Instant now) {
		List<Token> revoked = new ArrayList<>();
		for (StoredToken target : targets) {
			if (!target.token().isRevoked(now)) {
				revoked.addAll(revokeWithDescendants(target, metadata, now));
			}
		}
		return revoked;
	}

	/**
	 * Revokes a locked token now, audited with {@code metadata}, and its descendants;
	 * returns it first, then each descendant revoked.
	 */
	private List<Token> revokeWithDescendants(StoredToken stored, Map<String, Object> metadata, Instant now) {
		Token revoked = this.tokens.revoke(stored.token(), now, now);
		evict(stored.tokenHash());
		audit(revoked.id(), AuditEvent.REVOKED, metadata, now);
		this.events.publish(new TokenRevoked(revoked, (String) metadata.get("reason")));
		List<Token> all = new ArrayList<>();
		all.add(revoked);
		all.addAll(revokeDescendants(revoked, now, metadata, "parent_revoked", now));
		return all;
	}

	/**
	 * Ends every key derived from {@code root} (children, their children…) at {@code at}
	 * unless it already ends by then: each gets a {@code revoked} row naming the cause,
	 * its parent and the root, and a {@link TokenRevoked} event.
	 */
	private List<Token> revokeDescendants(Token root, Instant at, Map<String, Object> rootMetadata, String cause,
			Instant now) {
		List<Token> revoked = new ArrayList<>();
		Deque<Long> parents = new ArrayDeque<>(List.of(root.id()));
		while (!parents.isEmpty()) {
			long parentId = parents.removeFirst();
			for (StoredToken child : this.tokens.findChildrenForUpdate(parentId)) {
				parents.addLast(child.token().id());
				Instant revokedAt = child.token().revokedAt();
				if (revokedAt != null && !revokedAt.isAfter(at)) {
					continue;
				}
				Token ended = this.tokens.revoke(child.token(), at, now);
				evict(child.tokenHash());
				Map<String, Object> metadata = new LinkedHashMap<>();
				metadata.put("reason", rootMetadata.get("reason"));
				metadata.put("cause", cause);
				metadata.put("parent_id", parentId);
				metadata.put("cascade_root_id", root.id());
				if (at.isAfter(now)) {
					metadata.put("effective_at", at.toString());
				}
				audit(ended.id(), AuditEvent.REVOKED, metadata, now);
				this.events.publish(new TokenRevoked(ended, (String) rootMetadata.get("reason")));
				revoked.add(ended);
			}
		}
		return revoked;
	}

	/**
	 * Sets the token's quota, or removes it ({@code null}); a credit quota starts with
	 * all its credits. Like any change of a token's constraints, the token is evicted
	 * from every node's lookup cache, and the change is audited ({@code quota_changed}).
	 * @throws InvalidTokenRequestException naming {@code quota} for a limit out of range;
	 * nothing is written then
	 * @throws TokenNotFoundException if no token has this id
	 */
	public Token setQuota(long id, TokenQuota quota) {
		TokenQuota checked = TokenRequestValidator.quota(quota);
		return this.transactions.execute(status -> {
			Instant now = this.clock.instant();
			StoredToken stored = loadForUpdate(id);
			Token changed = this.tokens.setQuota(stored.token(), checked, now);
			evict(stored.tokenHash());
			Map<String, Object> metadata = new LinkedHashMap<>();
			metadata.put("period", (checked != null) ? checked.period().code() : null);
			metadata.put("limit", (checked != null) ? checked.limit() : null);
			audit(id, AuditEvent.QUOTA_CHANGED, metadata, now);
			return changed;
		});
	}

	/**
	 * The credits the token has left, or empty when its quota is not a credit quota (or
	 * no token has this id).
	 */
	public OptionalLong remainingCredits(long id) {
		return toOptionalLong(this.tokens.remainingCredits(id));
	}

	/**
	 * Adds {@code amount} credits to the token's credit quota, audited
	 * ({@code quota_changed}, with the amount and the credits left).
	 * @return the credits left afterwards
	 * @throws InvalidTokenRequestException naming {@code amount} when it is not 1 to
	 * {@link TokenQuota#MAX_LIMIT} or would leave more credits than that; nothing is
	 * written then
	 * @throws TokenNotFoundException if no token has this id
	 * @throws TokenStateException if the token's quota is not a credit quota
	 */
	public long refillCredits(long id, long amount) {
		if (amount < 1 || amount > TokenQuota.MAX_LIMIT) {
			throw new InvalidTokenRequestException("amount",
					"must be 1 to " + TokenQuota.MAX_LIMIT + " (was " + amount + ")");
		}
		return this.transactions.execute(status -> {
			Instant now = this.clock.instant();
			loadForUpdate(id);
			long before = this.tokens.remainingCredits(id)
				.orElseThrow(() -> new TokenStateException("Token " + id + " has no credit quota to refill"));
			if (before > TokenQuota.MAX_LIMIT - amount) {
				throw new InvalidTokenRequestException("amount",
						"would leave more than " + TokenQuota.MAX_LIMIT + " credits (" + before + " are left)");
			}
			this.tokens.refillCredits(id, amount, now);
			Map<String, Object> metadata = new LinkedHashMap<>();
			metadata.put("period", TokenQuota.Period.CREDITS.code());
			metadata.put("refilled", amount);
			metadata.put("remaining", before + amount);
			audit(id, AuditEvent.QUOTA_CHANGED, metadata, now);
			return before + amount;
		});
	}

	/**
	 * Takes one credit of the token's credit quota for a request, exactly once across
	 * every node (a conditional update of the token's row, then a read of what is left,
	 * in one transaction).
	 * @return the credits left after this one, or empty when none was left (or the
	 * token's quota is not a credit quota)
	 */
	public OptionalLong takeCredit(long id) {
		return this.transactions.execute(status -> this.tokens.takeCredit(id)
				? toOptionalLong(this.tokens.remainingCredits(id)) : OptionalLong.empty());
	}

	/**
	 * Resolves a presented token string. A malformed string is refused without a database
	 * query; otherwise the token is looked up by its hash (in the cache first, and not at
	 * all when a recent lookup of the hash found nothing) and compared in constant time.
	 * The cache is asked for the configured algorithm's hash first, so a cache hit of a
	 * token hashed that way computes one digest. A cached token that looks
	 * {@link AuthenticationFailureReason#IDLE idle} is read again from the database
	 * before it is refused (another node may have used it since it was cached); a key the
	 * database showed idle is then refused from the cache for
	 * {@link #IDLE_RECHECK_INTERVAL}.
	 */
	public TokenResolution resolve(String presented) {
		if (this.format.parse(presented).isEmpty()) {
			return new TokenResolution.Rejected(AuthenticationFailureReason.MALFORMED, null);
		}
		List<String> candidates = new ArrayList<>(this.lookupOrder.size());
		Optional<Token> cached = firstCached(presented, candidates, this.cache::get);
		if (cached.isPresent()) {
			TokenResolution resolution = judge(cached.get());
			if (!isIdle(resolution) || this.confirmedIdle.getIfPresent(cached.get().id()) != null) {
				return resolution;
			}
		}
		else if (candidates.stream().allMatch(this.cache::isUnknown)) {
			return new TokenResolution.Rejected(AuthenticationFailureReason.UNKNOWN, null);
		}
		TokenResolution resolution = lookUpOrStale(presented, candidates).map(this::judge)
			.orElseGet(() -> new TokenResolution.Rejected(AuthenticationFailureReason.UNKNOWN, null));
		if (isIdle(resolution)) {
			this.confirmedIdle.put(((TokenResolution.Rejected) resolution).tokenId(), Boolean.TRUE);
		}
		return resolution;
	}

	private static boolean isIdle(TokenResolution resolution) {
		return resolution instanceof TokenResolution.Rejected rejected
				&& rejected.reason() == AuthenticationFailureReason.IDLE;
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

	/** The presented string's hash by every algorithm, the configured one first. */
	private List<String> candidateHashes(String presented) {
		return this.lookupOrder.stream().map((algorithm) -> algorithm.hash(presented)).toList();
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
		Instant idleAt = this.policies.policyFor(token.type(), token.environment())
			.idleDeadline(token, this.recentUses);
		if (idleAt != null && !idleAt.isAfter(now)) {
			return new TokenResolution.Rejected(AuthenticationFailureReason.IDLE, token);
		}
		return new TokenResolution.Resolved(token);
	}

	/**
	 * Looks the candidates up in the database; caches what it finds, or that nothing was
	 * found, unless the cache was evicted since {@code cacheGeneration} was read.
	 */
	private Optional<Token> lookUp(String presented, List<String> candidates, long cacheGeneration) {
		Optional<StoredToken> match = findStored(presented, candidates);
		if (match.isPresent()) {
			this.cache.put(match.get().tokenHash(), match.get().token(), cacheGeneration);
		}
		else {
			candidates.forEach(hash -> this.cache.putUnknown(hash, cacheGeneration));
		}
		return match.map(StoredToken::token);
	}

	/**
	 * The stored token among those with one of the {@code candidates} hashes whose own
	 * algorithm's digest of {@code presented} matches, compared in constant time.
	 */
	private Optional<StoredToken> findStored(String presented, List<String> candidates) {
		return this.tokens.findByHashes(candidates)
			.stream()
			.filter(stored -> HashAlgorithm.digestsMatch(stored.token().hashAlgorithm().hash(presented),
					stored.tokenHash()))
			.findFirst();
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
		return insert(spec, metadata, null, now);
	}

	private IssuedToken insert(TokenSpec spec, Map<String, Object> metadata, Long parentId, Instant now) {
		String plaintext = this.format.generate(spec.type(), spec.environment());
		Token token = new Token(null, spec.owner(), spec.name(), spec.type().prefix(), spec.environment(),
				TokenFormat.displayPrefix(plaintext), this.hashAlgorithm, spec.abilities(), metadata, spec.allowedIps(),
				spec.allowedDomains(), spec.rateLimitPerMinute(), spec.quota(), spec.groupId(), parentId,
				spec.expiresAt(), null, null, now, now);
		String hash = this.hashAlgorithm.hash(plaintext);
		Token inserted = this.tokens.insert(token, hash);
		evict(hash);
		return new IssuedToken(inserted, plaintext);
	}

	/**
	 * Gives a rotated token's replacement the credits it had left, and leaves it none, so
	 * rotation neither creates nor loses credits.
	 */
	private void moveCredits(long from, long to) {
		this.tokens.remainingCredits(from).ifPresent(remaining -> {
			this.tokens.setRemainingCredits(to, remaining);
			this.tokens.setRemainingCredits(from, 0);
		});
	}

	private static OptionalLong toOptionalLong(Optional<Long> value) {
		return value.map(OptionalLong::of).orElseGet(OptionalLong::empty);
	}

	/** The settings of a key replacing {@code token}, its expiry within the policy. */
	private TokenSpec replacementSpec(Token token, Instant now) {
		TokenType type = this.types.find(token.type())
			.orElseThrow(() -> new TokenStateException("Token type '" + token.type() + "' is no longer configured"));
		return new TokenSpec(token.owner(), token.name(), type, token.environment(), token.abilities(),
				this.validator.replacementExpiry(type, token.environment(), token.expiresAt(), now), token.metadata(),
				nullIfEmpty(token.allowedIps()), nullIfEmpty(token.allowedDomains()), token.rateLimitPerMinute(),
				token.quota(), token.groupId());
	}

	private void requireGroupOf(TokenOwner owner, Long groupId) {
		if (groupId == null) {
			return;
		}
		TokenGroup group = this.groups.findByIdForUpdate(groupId)
			.orElseThrow(() -> new InvalidTokenRequestException("groupId", "no group with id " + groupId));
		if (!group.owner().equals(owner)) {
			throw new InvalidTokenRequestException("groupId", "group " + groupId + " belongs to another owner");
		}
	}

	/**
	 * Locks the group's row until the transaction ends.
	 * @throws InvalidTokenRequestException naming {@code groupId} if there is no such
	 * group
	 */
	private TokenGroup lockGroup(long groupId) {
		return this.groups.findByIdForUpdate(groupId)
			.orElseThrow(() -> new InvalidTokenRequestException("groupId", "no group with id " + groupId));
	}

	/**
	 * Locks the group of token {@code id}, if it has one, so a rotation serialises with
	 * the group's revocations.
	 */
	private void lockGroupOf(long id) {
		this.tokens.findById(id).map(stored -> stored.token().groupId()).ifPresent(this::lockGroup);
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
