package dev.bearer.core.audit;

import java.time.Instant;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One row of the audit log (table {@code bearer_token_audit_logs}). */
@Entity
@Table(name = "bearer_token_audit_logs")
public class AuditLogEntity {

	/** The longest user agent stored; longer ones are truncated. */
	public static final int MAX_USER_AGENT_LENGTH = 512;

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "token_id")
	private Long tokenId;

	@Convert(converter = AuditEventConverter.class)
	@Column(nullable = false, length = 32)
	private AuditEvent event;

	@Column(name = "ip_address", length = 45)
	private String ipAddress;

	@Column(name = "user_agent", length = MAX_USER_AGENT_LENGTH)
	private String userAgent;

	@JdbcTypeCode(SqlTypes.JSON)
	private Map<String, Object> metadata;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected AuditLogEntity() {
	}

	/** A row for {@code event} on token {@code tokenId} (which may be {@code null}). */
	public AuditLogEntity(Long tokenId, AuditEvent event, String ipAddress, String userAgent,
			Map<String, Object> metadata, Instant createdAt) {
		this.tokenId = tokenId;
		this.event = event;
		this.ipAddress = ipAddress;
		this.userAgent = userAgent;
		this.metadata = metadata;
		this.createdAt = createdAt;
	}

	/** The row's id. */
	public Long getId() {
		return this.id;
	}

	/** The token the row is about, or {@code null} when the presented token was unknown. */
	public Long getTokenId() {
		return this.tokenId;
	}

	/** What happened. */
	public AuditEvent getEvent() {
		return this.event;
	}

	/** The client IP, or {@code null}. */
	public String getIpAddress() {
		return this.ipAddress;
	}

	/** The client's user agent, or {@code null}. */
	public String getUserAgent() {
		return this.userAgent;
	}

	/** Event details. */
	public Map<String, Object> getMetadata() {
		return this.metadata;
	}

	/** When it happened. */
	public Instant getCreatedAt() {
		return this.createdAt;
	}

}
