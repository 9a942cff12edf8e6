package dev.bearer.core.audit;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data access to {@link AuditLogEntity} rows. */
public interface AuditLogRepository extends JpaRepository<AuditLogEntity, Long> {

	/** A token's rows, oldest first. */
	List<AuditLogEntity> findByTokenIdOrderByCreatedAtAscIdAsc(Long tokenId);

}
