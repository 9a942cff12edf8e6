package dev.bearer.spring.security;

import java.sql.SQLException;

import javax.sql.DataSource;

import dev.bearer.core.test.SwitchableDataSource;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenQuota;
import dev.bearer.core.token.TokenService;
import dev.bearer.spring.TestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultMatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A token seen before keeps working through a database outage longer than the cache's
 * time-to-live, for {@code bearer.cache.stale-if-unreachable}; a token never seen gets
 * 503.
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "bearer.cache.time-to-live=100ms", "bearer.cache.stale-if-unreachable=10m",
				"bearer.audit.log-usage=false" })
@AutoConfigureMockMvc
class StaleCacheDuringOutageTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private TokenService tokens;

	@Autowired
	private DataSource dataSource;

	@AfterEach
	void databaseIsBack() throws SQLException {
		switchable().setReachable(true);
	}

	@Test
	void tokenSeenBeforeWorksPastTheTimeToLiveWhileTheDatabaseIsAway() throws Exception {
		String seen = issue("seen");
		String unseen = issue("unseen");
		request(seen, status().isOk());
		switchable().setReachable(false);

		awaitTimeToLiveOver(seen);

		request(seen, status().isOk());
		request(unseen, status().isServiceUnavailable());
	}

	@Test
	void cachedTokenWithCreditsGets503WhileTheDatabaseIsAwayAndSpendsNothing() throws Exception {
		IssuedToken prepaid = this.tokens
			.issue(IssueTokenRequest.builder(TokenOwner.of("user", 6), "prepaid").quota(TokenQuota.credits(5)).build());
		// seen before: cached, so it is resolved even while the outage of another test is
		// still suspected (keys not in the cache get 503 for the probe interval)
		this.tokens.resolve(prepaid.plaintext());
		request(prepaid.plaintext(), status().isOk());
		switchable().setReachable(false);

		request(prepaid.plaintext(), status().isServiceUnavailable());

		switchable().setReachable(true);
		assertThat(this.tokens.remainingCredits(prepaid.token().id())).hasValue(4);
	}

	private void awaitTimeToLiveOver(String key) throws InterruptedException {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (this.tokens.resolveFromCache(key).isPresent() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(this.tokens.resolveFromCache(key)).as("the entry's time-to-live is over").isEmpty();
		assertThat(this.tokens.resolveFromStaleCache(key)).as("kept for an unreachable database").isPresent();
	}

	private void request(String key, ResultMatcher expected) throws Exception {
		this.mvc.perform(get("/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + key)).andExpect(expected);
	}

	private String issue(String name) {
		return this.tokens.issue(IssueTokenRequest.builder(TokenOwner.of("user", 6), name).build()).plaintext();
	}

	private SwitchableDataSource switchable() throws SQLException {
		return this.dataSource.unwrap(SwitchableDataSource.class);
	}

}
