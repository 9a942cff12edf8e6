package dev.bearer.docs;

// @formatter:off (the guide quotes this file line for line: it keeps the guide's layout)

import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;

import org.springframework.stereotype.Service;

/** Issuing tokens, from {@code docs/getting-started.md} and the README. */
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
