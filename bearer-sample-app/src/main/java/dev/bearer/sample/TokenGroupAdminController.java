package dev.bearer.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.bearer.core.token.GroupRevocation;
import dev.bearer.core.token.GroupRevocationRequest;
import dev.bearer.core.token.InvalidTokenRequestException;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.RevocationStrategy;
import dev.bearer.core.token.TimedRevocation;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenGroup;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenSelection;
import dev.bearer.core.token.TokenService;
import dev.bearer.spring.security.RequiresAbility;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Token group administration over HTTP: create, revoke by strategy, timed revocations,
 * rotate; every call needs the {@code admin} ability.
 */
@RestController
@RequestMapping("/api/admin/token-groups")
@RequiresAbility("admin")
class TokenGroupAdminController {

	private final TokenService tokens;

	TokenGroupAdminController(TokenService tokens) {
		this.tokens = tokens;
	}

	/** Creates a group; keys join it when issued with its {@code groupId}. */
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	TokenGroup create(@RequestBody CreateGroupBody body) {
		return this.tokens.createGroup(new TokenOwner(body.ownerType(), body.ownerId()), body.name(), body.metadata());
	}

	/**
	 * Revokes keys of the group by strategy: {@code none} ({@code tokenId}),
	 * {@code cascade}, {@code partial} ({@code types} and/or {@code environments}) or
	 * {@code timed} ({@code revokeAt}, optionally a selection).
	 */
	@PostMapping("/{groupId}/revocations")
	GroupRevocation revoke(@PathVariable long groupId, @RequestBody RevokeGroupBody body) {
		TokenSelection selection = new TokenSelection(body.types(), environments(body.environments()));
		return this.tokens.revokeGroup(new GroupRevocationRequest(groupId, RevocationStrategy.fromCode(body.strategy()),
				body.tokenId(), selection, body.revokeAt(), body.reason()));
	}

	/** The group's timed revocations, pending, done and cancelled. */
	@GetMapping("/{groupId}/timed-revocations")
	List<TimedRevocation> timedRevocations(@PathVariable long groupId) {
		return this.tokens.timedRevocations(groupId);
	}

	/** Cancels a pending timed revocation of the group; its keys keep working. */
	@DeleteMapping("/{groupId}/timed-revocations/{id}")
	TimedRevocation cancel(@PathVariable long groupId, @PathVariable long id) {
		if (this.tokens.timedRevocations(groupId).stream().noneMatch(revocation -> revocation.id() == id)) {
			throw new InvalidTokenRequestException("timedRevocationId",
					"group " + groupId + " has no timed revocation with id " + id);
		}
		return this.tokens.cancelTimedRevocation(id);
	}

	/**
	 * Rotates every active key of the group; the old ones keep working for
	 * {@code graceSeconds}.
	 */
	@PostMapping("/{groupId}/rotate")
	List<Map<String, Object>> rotate(@PathVariable long groupId, @RequestParam(defaultValue = "0") long graceSeconds) {
		return this.tokens.rotateGroup(groupId, Duration.ofSeconds(graceSeconds))
			.stream()
			.map(TokenGroupAdminController::issued)
			.toList();
	}

	private static Map<String, Object> issued(IssuedToken issued) {
		return Map.of("token", issued.token(), "plaintext", issued.plaintext());
	}

	private static Set<TokenEnvironment> environments(Set<String> codes) {
		if (codes == null) {
			return Set.of();
		}
		try {
			return codes.stream().map(TokenEnvironment::fromCode).collect(Collectors.toSet());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidTokenRequestException("environments", ex.getMessage());
		}
	}

	/** The JSON body of a group; only the owner is required. */
	record CreateGroupBody(String ownerType, String ownerId, String name, Map<String, Object> metadata) {
	}

	/** The JSON body of a group revocation; {@code strategy} is required. */
	record RevokeGroupBody(String strategy, Long tokenId, Set<String> types, Set<String> environments, Instant revokeAt,
			String reason) {
	}

}
