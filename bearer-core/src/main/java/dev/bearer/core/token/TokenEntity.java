package dev.bearer.core.token;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The stored form of a token (table {@code bearer_tokens}); the API hands out {@link Token} instead. */
@Entity
@Table(name = "bearer_tokens")
public class TokenEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "owner_type", nullable = false)
	private String ownerType;

	@Column(name = "owner_id", nullable = false)
	private String ownerId;

	@Column(nullable = false)
	private String name;

	@Column(nullable = false, length = 32)
	private String type;

	@Column(nullable = false, length = 16)
	private String environment;

	@Column(name = "display_prefix", nullable = false, length = 64)
	private String displayPrefix;

	@Column(name = "token_hash", nullable = false, length = 128, unique = true)
	private String tokenHash;

	@Enumerated(EnumType.STRING)
	@Column(name = "hash_algorithm", nullable = false, length = 16)
	private HashAlgorithm hashAlgorithm;

	@JdbcTypeCode(SqlTypes.JSON)
	@Column(nullable = false)
	private List<String> abilities;

	@JdbcTypeCode(SqlTypes.JSON)
	private Map<String, Object> metadata;

	@JdbcTypeCode(SqlTypes.JSON)
	@Column(name = "allowed_ips")
	private List<String> allowedIps;

	@JdbcTypeCode(SqlTypes.JSON)
	@Column(name = "allowed_domains")
	private List<String> allowedDomains;

	@Column(name = "rate_limit_per_minute")
	private Integer rateLimitPerMinute;

	@Column(name = "group_id")
	private Long groupId;

	@Column(name = "parent_id")
	private Long parentId;

	@Column(name = "expires_at")
	private Instant expiresAt;

	@Column(name = "last_used_at")
	private Instant lastUsedAt;

	@Column(name = "revoked_at")
	private Instant revokedAt;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	protected TokenEntity() {
	}

	TokenEntity(TokenOwner owner, String name, TokenType type, TokenEnvironment environment, String plaintext,
			HashAlgorithm hashAlgorithm, Instant now) {
		this.ownerType = owner.type();
		this.ownerId = owner.id();
		this.name = name;
		this.type = type.prefix();
		this.environment = environment.code();
		this.displayPrefix = TokenFormat.displayPrefix(plaintext);
		this.tokenHash = hashAlgorithm.hash(plaintext);
		this.hashAlgorithm = hashAlgorithm;
		this.createdAt = now;
		this.updatedAt = now;
	}

	/** An immutable view of this row. */
	public Token toToken() {
		return new Token(this.id, new TokenOwner(this.ownerType, this.ownerId), this.name, this.type,
				TokenEnvironment.fromCode(this.environment), this.displayPrefix, this.hashAlgorithm, this.abilities,
				this.metadata, this.allowedIps, this.allowedDomains, this.rateLimitPerMinute, this.groupId,
				this.parentId, this.expiresAt, this.lastUsedAt, this.revokedAt, this.createdAt, this.updatedAt);
	}

	Long getId() {
		return this.id;
	}

	String getTokenHash() {
		return this.tokenHash;
	}

	HashAlgorithm getHashAlgorithm() {
		return this.hashAlgorithm;
	}

	Instant getRevokedAt() {
		return this.revokedAt;
	}

	void setAbilities(List<String> abilities) {
		this.abilities = abilities;
	}

	void setMetadata(Map<String, Object> metadata) {
		this.metadata = metadata;
	}

	void setAllowedIps(List<String> allowedIps) {
		this.allowedIps = allowedIps;
	}

	void setAllowedDomains(List<String> allowedDomains) {
		this.allowedDomains = allowedDomains;
	}

	void setRateLimitPerMinute(Integer rateLimitPerMinute) {
		this.rateLimitPerMinute = rateLimitPerMinute;
	}

	void setGroupId(Long groupId) {
		this.groupId = groupId;
	}

	void setExpiresAt(Instant expiresAt) {
		this.expiresAt = expiresAt;
	}

	void revokeAt(Instant revokedAt, Instant now) {
		this.revokedAt = revokedAt;
		this.updatedAt = now;
	}

}
