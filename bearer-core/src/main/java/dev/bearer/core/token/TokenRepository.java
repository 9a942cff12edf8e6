package dev.bearer.core.token;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data access to {@link TokenEntity} rows. */
public interface TokenRepository extends JpaRepository<TokenEntity, Long> {

	/** The tokens whose stored hash is one of {@code hashes}. */
	List<TokenEntity> findByTokenHashIn(Collection<String> hashes);

	/** An owner's tokens, oldest first. */
	List<TokenEntity> findByOwnerTypeAndOwnerIdOrderByIdAsc(String ownerType, String ownerId);

}
