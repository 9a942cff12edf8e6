package dev.bearer.core.token;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data access to {@link TokenGroupEntity} rows. */
public interface TokenGroupRepository extends JpaRepository<TokenGroupEntity, Long> {

}
