package dev.bearer.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.bearer.core.token.DeriveTokenRequest;
import dev.bearer.core.token.InvalidTokenRequestException;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.Token;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenQuota;
import dev.bearer.core.token.TokenService;
import dev.bearer.spring.security.RequiresAbility;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Token administration over HTTP; every call needs the {@code admin} ability. */
@RestController
@RequestMapping("/api/admin/tokens")
@RequiresAbility("admin")
class TokenAdminController {

	private final TokenService tokens;

	TokenAdminController(TokenService tokens) {
		this.tokens = tokens;
	}

	/** Issues a token; the response is the only place its plaintext ever appears. */
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> issue(@RequestBody IssueTokenBody body) {
		IssueTokenRequest.Builder request = IssueTokenRequest.builder(new TokenOwner(body.ownerType(), body.ownerId()),
				body.name());
		if (body.type() != null) {
			request.type(body.type());
		}
		if (body.environment() != null) {
			request.environment(TokenEnvironment.fromCode(body.environment()));
		}
		if (body.abilities() != null) {
			request.abilities(body.abilities());
		}
		if (body.allowedIps() != null) {
			request.allowedIps(body.allowedIps());
		}
		if (body.allowedDomains() != null) {
			request.allowedDomains(body.allowedDomains());
		}
		IssuedToken issued = this.tokens.issue(request.expiresAt(body.expiresAt())
			.metadata(body.metadata())
			.rateLimitPerMinute(body.rateLimitPerMinute())
			.quota((body.quota() != null) ? body.quota().toQuota() : null)
			.groupId(body.groupId())
			.build());
		return Map.of("token", issued.token(), "plaintext", issued.plaintext());
	}

	@GetMapping
	List<Token> list(@RequestParam String ownerType, @RequestParam String ownerId) {
		return this.tokens.listByOwner(new TokenOwner(ownerType, ownerId));
	}

	@DeleteMapping("/{id}")
	Token revoke(@PathVariable long id, @RequestParam(required = false) String reason) {
		return this.tokens.revoke(id, reason);
	}

	/** Rotates a token; the old one keeps working for {@code graceSeconds}. */
	@PostMapping("/{id}/rotate")
	Map<String, Object> rotate(@PathVariable long id, @RequestParam(defaultValue = "0") long graceSeconds) {
		IssuedToken issued = this.tokens.rotate(id, Duration.ofSeconds(graceSeconds));
		return Map.of("token", issued.token(), "plaintext", issued.plaintext());
	}

	/**
	 * Sets a token's quota, e.g. {@code {"period": "day", "limit": 1000}}; a credit quota
	 * starts with all its credits.
	 */
	@PutMapping("/{id}/quota")
	Token setQuota(@PathVariable long id, @RequestBody QuotaBody body) {
		return this.tokens.setQuota(id, body.toQuota());
	}

	/** Removes a token's quota. */
	@DeleteMapping("/{id}/quota")
	Token removeQuota(@PathVariable long id) {
		return this.tokens.setQuota(id, null);
	}

	/**
	 * Adds {@code amount} credits to a token's credit quota; answers the credits left.
	 */
	@PostMapping("/{id}/quota/refill")
	Map<String, Long> refill(@PathVariable long id, @RequestParam long amount) {
		return Map.of("remaining", this.tokens.refillCredits(id, amount));
	}

	/**
	 * Derives a child key from key {@code id}: every setting left out is the parent's,
	 * and none may be wider.
	 */
	@PostMapping("/{id}/derive")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> derive(@PathVariable long id, @RequestBody DeriveTokenBody body) {
		DeriveTokenRequest.Builder request = DeriveTokenRequest.builder(body.name());
		if (body.abilities() != null) {
			request.abilities(body.abilities());
		}
		if (body.allowedIps() != null) {
			request.allowedIps(body.allowedIps());
		}
		if (body.allowedDomains() != null) {
			request.allowedDomains(body.allowedDomains());
		}
		IssuedToken issued = this.tokens.derive(id,
				request.expiresAt(body.expiresAt())
					.metadata(body.metadata())
					.rateLimitPerMinute(body.rateLimitPerMinute())
					.build());
		return Map.of("token", issued.token(), "plaintext", issued.plaintext());
	}

	/** The JSON body of an issue request; only owner and name are required. */
	record IssueTokenBody(String ownerType, String ownerId, String name, String type, String environment,
			List<String> abilities, Instant expiresAt, Map<String, Object> metadata, List<String> allowedIps,
			List<String> allowedDomains, Integer rateLimitPerMinute, QuotaBody quota, Long groupId) {
	}

	/** The JSON body of a derive request; only the name is required. */
	record DeriveTokenBody(String name, List<String> abilities, Instant expiresAt, Map<String, Object> metadata,
			List<String> allowedIps, List<String> allowedDomains, Integer rateLimitPerMinute) {
	}

	/**
	 * A quota as JSON: {@code period} {@code day}, {@code month} or {@code credits}, and
	 * its {@code limit}.
	 */
	record QuotaBody(String period, Long limit) {

		TokenQuota toQuota() {
			if (this.limit == null) {
				throw new InvalidTokenRequestException("quota", "limit must be given");
			}
			return new TokenQuota(TokenQuota.Period.fromCode(this.period), this.limit);
		}

	}

}
