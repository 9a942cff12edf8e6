package dev.bearer.docs;

// @formatter:off (the guide quotes this file line for line: it keeps the guide's layout)

import java.time.Duration;

import dev.bearer.core.audit.AuditSink;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.usage.UsageQueryService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The "testing code that reads audit rows" snippet of {@code docs/audit.md}, run against the guide's {@link OrderApi}. */
@SpringBootTest
@AutoConfigureMockMvc
class OrderAuditTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	TokenService tokens;

	@Autowired
	AuditSink auditSink;

	@Autowired
	UsageQueryService usage;

	@Test
	void listingOrdersWritesOneUsageRow() throws Exception {
		IssuedToken issued = this.tokens.issue(IssueTokenRequest.builder(TokenOwner.of("user", 2), "audited")
			.abilities("orders:read")
			.build());

		this.mvc.perform(get("/orders").header("Authorization", "Bearer " + issued.plaintext()))
			.andExpect(status().isOk());

		assertThat(this.auditSink.flush(Duration.ofSeconds(10))).isTrue();
		long tokenId = issued.token().id();
		assertThat(this.usage.authenticationCount(tokenId)).isEqualTo(1);
		assertThat(this.usage.lastUse(tokenId))
			.hasValueSatisfying(row -> assertThat(row.metadata()).containsEntry("endpoint", "/orders"));
	}

}
