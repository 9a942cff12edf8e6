package dev.bearer.core.token;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A named set of tokens of one owner, e.g. the {@code sk}/{@code pk} pair of one
 * integration.
 *
 * @param id the group's id
 * @param owner who the group belongs to
 * @param name a human-readable name, or {@code null}
 * @param metadata free-form data
 * @param createdAt when the group was created
 */
public record TokenGroup(Long id, TokenOwner owner, String name, Map<String, Object> metadata, Instant createdAt) {

	/** Copies the metadata so the view stays immutable. */
	public TokenGroup {
		metadata = (metadata != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(metadata)) : Map.of();
	}

}
