package dev.bearer.sample;

import java.util.List;
import java.util.Map;

import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;

import org.springframework.stereotype.Component;

/**
 * The demo owner's tokens, issued once at startup. The sample keeps their plaintexts in
 * memory so it can print them and drive demo traffic; a real application never keeps a
 * plaintext.
 */
@Component
class DemoTokens {

	/** The demo owner whose tokens make the demo traffic. */
	static final TokenOwner OWNER = TokenOwner.of("user", "demo");

	/**
	 * The dashboard's own owner, so reading the dashboard does not add to the demo
	 * owner's numbers.
	 */
	static final TokenOwner DASHBOARD = TokenOwner.of("service", "dashboard");

	private final IssuedToken admin;

	private final IssuedToken dashboard;

	private final IssuedToken checkout;

	private final IssuedToken reporting;

	private final IssuedToken mobile;

	private final IssuedToken retired;

	DemoTokens(TokenService tokens) {
		this.admin = tokens.issue(IssueTokenRequest.builder(OWNER, "Demo admin").type("sk").abilities("*").build());
		this.dashboard = tokens.issue(IssueTokenRequest.builder(DASHBOARD, "Dashboard")
			.type("pk")
			.abilities("usage:read", "demo:write")
			.build());
		this.checkout = tokens.issue(IssueTokenRequest.builder(OWNER, "Checkout service")
			.type("sk")
			.environment(TokenEnvironment.LIVE)
			.abilities("orders:read", "orders:write")
			.metadata(Map.of("team", "payments"))
			.build());
		this.reporting = tokens.issue(IssueTokenRequest.builder(OWNER, "Nightly reporting")
			.type("rk")
			.abilities("orders:read")
			.allowedIps(List.of("10.0.0.0/8"))
			.build());
		this.mobile = tokens.issue(IssueTokenRequest.builder(OWNER, "Mobile app")
			.type("pk")
			.abilities("orders:read")
			.rateLimitPerMinute(5)
			.build());
		this.retired = tokens
			.issue(IssueTokenRequest.builder(OWNER, "Retired integration").type("sk").abilities("orders:read").build());
		tokens.revoke(this.retired.token().id(), "replaced by the checkout service");
	}

	IssuedToken admin() {
		return this.admin;
	}

	IssuedToken dashboard() {
		return this.dashboard;
	}

	IssuedToken checkout() {
		return this.checkout;
	}

	IssuedToken reporting() {
		return this.reporting;
	}

	IssuedToken mobile() {
		return this.mobile;
	}

	IssuedToken retired() {
		return this.retired;
	}

}
