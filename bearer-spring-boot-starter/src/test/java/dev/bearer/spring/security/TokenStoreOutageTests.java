package dev.bearer.spring.security;

import java.time.Duration;

import javax.sql.DataSource;

import dev.bearer.core.test.SwitchableDataSource;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.spring.TestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * When the token store cannot be reached, requests are answered 503: never let through,
 * never blamed on the token; once it answers again, the first lookup after the outage
 * probe interval finds it.
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "bearer.cache.enabled=false", "bearer.authentication.outage-probe-interval=100ms" })
@AutoConfigureMockMvc
class TokenStoreOutageTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private TokenService tokens;

	@Autowired
	private DataSource dataSource;

	@AfterEach
	void reconnect() {
		switchable().setReachable(true);
	}

	@Test
	void unreachableTokenStoreGets503WithProblemDetails() throws Exception {
		IssuedToken issued = this.tokens.issue(IssueTokenRequest.builder(TokenOwner.of("user", 11), "outage").build());
		switchable().setReachable(false);

		this.mvc.perform(get("/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + issued.plaintext()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().exists(HttpHeaders.RETRY_AFTER))
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.status").value(503))
			.andExpect(content().string(not(containsString("Exception"))))
			.andExpect(content().string(not(containsString(issued.plaintext()))));

		switchable().setReachable(true);
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		int status;
		do {
			status = this.mvc.perform(get("/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + issued.plaintext()))
				.andReturn()
				.getResponse()
				.getStatus();
		}
		while (status == 503 && System.nanoTime() < deadline);
		assertThat(status).isEqualTo(200);
	}

	private SwitchableDataSource switchable() {
		try {
			return this.dataSource.unwrap(SwitchableDataSource.class);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
