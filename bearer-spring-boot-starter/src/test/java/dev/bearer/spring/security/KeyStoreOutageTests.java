package dev.bearer.spring.security;

import java.sql.SQLException;

import javax.sql.DataSource;

import dev.bearer.core.test.SwitchableDataSource;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.spring.TestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultMatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * While the database is away, keys in the lookup cache keep working, and a key that is
 * not is answered 503: the first such lookup tries the database, the next ones within the
 * probe interval do not touch it, and the 503s of one cause log one ERROR line a minute.
 * Usage rows are off, so that only lookups ask for connections.
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "bearer.authentication.outage-probe-interval=10m", "bearer.audit.log-usage=false" })
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class KeyStoreOutageTests {

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
	void cachedKeysKeepWorkingAndUncachedOnesAre503WithoutWaitingOnTheDatabaseAgain(CapturedOutput output)
			throws Exception {
		String cached = issue("cached");
		String uncached = issue("uncached");
		request(cached, status().isOk());
		SwitchableDataSource database = switchable();
		database.setReachable(false);

		long before = database.connectionAttempts();
		request(uncached, status().isServiceUnavailable());
		long afterProbe = database.connectionAttempts();
		request(uncached, status().isServiceUnavailable());
		request(uncached, status().isServiceUnavailable());
		request(cached, status().isOk());

		assertThat(afterProbe).as("the first lookup tried the database").isGreaterThan(before);
		assertThat(database.connectionAttempts()).as("lookups within the probe interval did not").isEqualTo(afterProbe);
	}

	private void request(String key, ResultMatcher expected) throws Exception {
		this.mvc.perform(get("/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + key)).andExpect(expected);
	}

	private String issue(String name) {
		return this.tokens.issue(IssueTokenRequest.builder(TokenOwner.of("user", 5), name).build()).plaintext();
	}

	private SwitchableDataSource switchable() throws SQLException {
		return this.dataSource.unwrap(SwitchableDataSource.class);
	}

}
