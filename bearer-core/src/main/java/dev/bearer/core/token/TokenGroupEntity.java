package dev.bearer.core.token;

import java.time.Instant;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The stored form of a token group (table {@code bearer_token_groups}). */
@Entity
@Table(name = "bearer_token_groups")
public class TokenGroupEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "owner_type", nullable = false)
	private String ownerType;

	@Column(name = "owner_id", nullable = false)
	private String ownerId;

	private String name;

	@JdbcTypeCode(SqlTypes.JSON)
	private Map<String, Object> metadata;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	protected TokenGroupEntity() {
	}

	TokenGroupEntity(TokenOwner owner, String name, Map<String, Object> metadata, Instant now) {
		this.ownerType = owner.type();
		this.ownerId = owner.id();
		this.name = name;
		this.metadata = metadata;
		this.createdAt = now;
		this.updatedAt = now;
	}

	/** An immutable view of this row. */
	public TokenGroup toGroup() {
		return new TokenGroup(this.id, new TokenOwner(this.ownerType, this.ownerId), this.name, this.metadata,
				this.createdAt);
	}

	boolean isOwnedBy(TokenOwner owner) {
		return this.ownerType.equals(owner.type()) && this.ownerId.equals(owner.id());
	}

}
