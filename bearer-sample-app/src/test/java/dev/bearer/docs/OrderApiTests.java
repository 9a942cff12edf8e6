package dev.bearer.docs;

// @formatter:off (the guide quotes this file line for line: it keeps the guide's layout)

import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The testing snippet of {@code docs/getting-started.md}, run against the guide's own {@link OrderApi}. */
@SpringBootTest
@AutoConfigureMockMvc
class OrderApiTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	TokenService tokens;

	@Test
	void readerCanListOrders() throws Exception {
		String token = this.tokens.issue(IssueTokenRequest.builder(TokenOwner.of("user", 1), "test")
			.environment(TokenEnvironment.LIVE)
			.abilities("orders:read")
			.build()).plaintext();

		this.mvc.perform(get("/orders").header("Authorization", "Bearer " + token)).andExpect(status().isOk());
	}

}
