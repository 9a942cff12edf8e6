package dev.bearer.docs;

import java.time.ZoneId;
import java.util.List;

import dev.bearer.core.event.TokenAuthenticated;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.Token;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.usage.DailyCount;
import dev.bearer.core.usage.UsageQueryService;
import dev.bearer.core.usage.UsageStatistics;

import org.springframework.context.event.EventListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The snippets of {@code docs/getting-started.md} (and the README, which repeats parts of them). */
final class GettingStartedSnippets {

	private GettingStartedSnippets() {
	}

	@Service
	class ApiKeys {

		private final TokenService tokens;

		ApiKeys(TokenService tokens) {
			this.tokens = tokens;
		}

		String createKey(long userId) {
			IssuedToken issued = this.tokens.issue(IssueTokenRequest.builder(TokenOwner.of("user", userId), "CI deploy")
				.type("sk")
				.environment(TokenEnvironment.LIVE)
				.abilities("orders:read", "orders:write")
				.build());
			return issued.plaintext();
		}

	}

	@RestController
	class OrderApi {

		@GetMapping("/orders")
		@PreAuthorize("hasAuthority('orders:read')")
		List<String> orders(@AuthenticationPrincipal Token token) {
			return List.of("order-1", "order-2");
		}

		@PostMapping("/orders")
		@PreAuthorize("@bearer.can('orders:write')")
		String create() {
			return "created";
		}

	}

	@Component
	class TenantTagger {

		@EventListener
		void onAuthenticated(TokenAuthenticated event) {
			event.metadata().put("tenant", event.token().owner().id());
		}

	}

	@Service
	class UsageReport {

		private final UsageQueryService usage;

		UsageReport(UsageQueryService usage) {
			this.usage = usage;
		}

		UsageStatistics lastMonth(long userId) {
			return this.usage.statistics(TokenOwner.of("user", userId), 30);
		}

		List<DailyCount> daily(long tokenId) {
			return this.usage.dailyCounts(tokenId, 30, ZoneId.of("Europe/Berlin"));
		}

	}

}
