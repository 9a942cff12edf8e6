package dev.bearer.docs;

// @formatter:off (the guide quotes this file line for line: it keeps the guide's layout)

import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.spring.test.WithBearerToken;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static dev.bearer.spring.test.BearerTestRequests.bearerKey;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The snippets of {@code docs/testing.md}, run against the guide's own {@link OrderApi}. */
@SpringBootTest
@AutoConfigureMockMvc
class OrderApiAccessTests {

	@Autowired
	MockMvc mvc;

	@Test
	void readerCanListOrders() throws Exception {
		this.mvc.perform(get("/orders").with(bearerKey().abilities("orders:read")))
			.andExpect(status().isOk());
	}

	@Test
	void writerCannotListOrders() throws Exception {
		this.mvc.perform(get("/orders").with(bearerKey().abilities("orders:write")))
			.andExpect(status().isForbidden());
	}

	@Test
	void liveTeamKeyCanCreateOrders() throws Exception {
		this.mvc.perform(post("/orders").with(bearerKey().abilities("orders:write")
			.owner("team", 7)
			.type("rk")
			.environment(TokenEnvironment.LIVE)
			.name("CI deploy")))
			.andExpect(status().isOk());
	}

	@Test
	@WithBearerToken(abilities = "orders:read")
	void annotatedReaderCanListOrders() throws Exception {
		this.mvc.perform(get("/orders")).andExpect(status().isOk());
	}

	@Test
	@WithBearerToken(abilities = "*", ownerType = "team", ownerId = "7", environment = TokenEnvironment.LIVE)
	void annotatedAdminKeyCanCreateOrders() throws Exception {
		this.mvc.perform(post("/orders").with(csrf())).andExpect(status().isOk());
	}

}
