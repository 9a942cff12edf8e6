package dev.bearer.sample;

import java.time.Instant;
import java.util.Map;

import dev.bearer.core.audit.UsageRollups;
import dev.bearer.core.token.TokenNotFoundException;
import dev.bearer.core.token.TokenService;
import dev.bearer.spring.security.RequiresAbility;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rebuilds of the usage rollups over HTTP, after a restore or an import behind the rollup
 * mark; every call needs the {@code admin} ability.
 */
@RestController
@RequestMapping("/api/admin/usage/rollups")
@RequiresAbility("admin")
class UsageRollupAdminController {

	private final UsageRollups rollups;

	private final TokenService tokens;

	UsageRollupAdminController(UsageRollups rollups, TokenService tokens) {
		this.rollups = rollups;
		this.tokens = tokens;
	}

	/**
	 * Rebuilds the rollups of one scope: a token ({@code tokenId}), an owner's tokens
	 * ({@code ownerType} and {@code ownerId}), the UTC days touching {@code [from, to)}
	 * (ISO-8601 instants) or, with {@code all=true}, everything. Answers the scope and
	 * the rows counted.
	 */
	@PostMapping("/rebuild")
	Map<String, Object> rebuild(@RequestParam(required = false) Long tokenId,
			@RequestParam(required = false) String ownerType, @RequestParam(required = false) String ownerId,
			@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
			@RequestParam(defaultValue = "false") boolean all) {
		int scopes = ((tokenId != null) ? 1 : 0) + ((ownerType != null || ownerId != null) ? 1 : 0)
				+ ((from != null || to != null) ? 1 : 0) + (all ? 1 : 0);
		if (scopes != 1) {
			throw new IllegalArgumentException(
					"scope: give exactly one of tokenId, ownerType and ownerId, from and to, or all=true");
		}
		if (tokenId != null) {
			this.tokens.find(tokenId).orElseThrow(() -> new TokenNotFoundException(tokenId));
			return Map.of("scope", "token " + tokenId, "counted", this.rollups.rebuildToken(tokenId));
		}
		if (ownerType != null || ownerId != null) {
			require(ownerType, "ownerType");
			require(ownerId, "ownerId");
			return Map.of("scope", "owner " + ownerType + ":" + ownerId, "counted",
					this.rollups.rebuildOwner(ownerType, ownerId));
		}
		if (from != null || to != null) {
			require(from, "from");
			require(to, "to");
			return Map.of("scope", "from " + from + " to " + to, "counted", this.rollups.rebuild(from, to));
		}
		return Map.of("scope", "all", "counted", this.rollups.rebuildAll());
	}

	private static void require(Object value, String name) {
		if (value == null || value.toString().isBlank()) {
			throw new IllegalArgumentException(name + " must be given");
		}
	}

}
