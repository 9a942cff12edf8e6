package dev.bearer.core.token;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Spring Data access to {@link TokenEntity} rows. */
public interface TokenRepository extends JpaRepository<TokenEntity, Long> {

	/** The tokens whose stored hash is one of {@code hashes}. */
	List<TokenEntity> findByTokenHashIn(Collection<String> hashes);

	/** The token with this id, locked for update until the transaction ends (revoke and rotate serialise on it). */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select t from TokenEntity t where t.id = :id")
	Optional<TokenEntity> findByIdForUpdate(@Param("id") long id);

	/** An owner's tokens, oldest first. */
	List<TokenEntity> findByOwnerTypeAndOwnerIdOrderByIdAsc(String ownerType, String ownerId);

}
