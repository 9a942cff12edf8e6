package dev.bearer.docs;

// @formatter:off (the guide quotes this file line for line: it keeps the guide's layout)

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.bearer.core.token.DeriveTokenRequest;
import dev.bearer.core.token.GroupRevocation;
import dev.bearer.core.token.GroupRevocationRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TimedRevocation;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenPolicies;
import dev.bearer.core.token.TokenPolicy;
import dev.bearer.core.token.TokenSelection;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.token.TokenServiceSettings;

/** The snippets of {@code docs/governance.md}. */
final class GovernanceSnippets {

	private TokenService tokenService;

	private GovernanceSnippets() {
	}

	IssuedToken derive(long parentId) {
		IssuedToken child = tokenService.derive(parentId, DeriveTokenRequest.builder("Nightly export")
				.abilities("invoices:read")
				.expiresAt(Instant.now().plus(Duration.ofDays(7)))
				.allowedIps(List.of("10.1.0.0/16"))
				.rateLimitPerMinute(10)
				.build());
		return child;
	}

	void revokeByStrategy(long groupId, long tokenId) {
		tokenService.revokeGroup(GroupRevocationRequest.none(groupId, tokenId, "leaked in a log"));
		tokenService.revokeGroup(GroupRevocationRequest.cascade(groupId, "integration removed"));
		tokenService.revokeGroup(GroupRevocationRequest.partial(groupId, TokenSelection.ofTypes("sk"), "server compromised"));
		tokenService.revokeGroup(GroupRevocationRequest.partial(groupId,
				TokenSelection.ofEnvironments(TokenEnvironment.LIVE), "live access withdrawn"));
	}

	TimedRevocation revokeLater(long groupId) {
		GroupRevocation scheduled = tokenService.revokeGroup(GroupRevocationRequest.timed(groupId, TokenSelection.ALL,
				Instant.now().plus(Duration.ofDays(30)), "contract ends"));
		List<TimedRevocation> pending = tokenService.timedRevocations(groupId);
		tokenService.cancelTimedRevocation(scheduled.scheduled().id());
		return pending.get(0);
	}

	List<IssuedToken> rotateGroup(long groupId) {
		List<IssuedToken> replacements = tokenService.rotateGroup(groupId, Duration.ofHours(1));
		return replacements;
	}

	TokenServiceSettings policies() {
		TokenPolicies policies = TokenPolicies.builder()
				.type("sk", new TokenPolicy(Duration.ofDays(365), Duration.ofDays(90), false))
				.environment("sk", TokenEnvironment.LIVE,
						policy -> policy.withMaxLifetime(Duration.ofDays(90)).withRequireExpiry(true))
				.build();
		TokenServiceSettings settings = TokenServiceSettings.DEFAULTS.withPolicies(policies);
		return settings;
	}

}
