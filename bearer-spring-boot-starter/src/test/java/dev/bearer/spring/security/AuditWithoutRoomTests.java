package dev.bearer.spring.security;

import java.util.ArrayList;
import java.util.List;

import dev.bearer.core.audit.AuditRecord;
import dev.bearer.core.audit.AuditSink;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.spring.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * With {@code bearer.audit.overflow-policy=reject}, a sink without room for a row makes
 * Bearer answer 503 before the request is served, rather than serve it unrecorded.
 */
@SpringBootTest(classes = { TestApplication.class, AuditWithoutRoomTests.FullSink.class })
@AutoConfigureMockMvc
class AuditWithoutRoomTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private TokenService tokens;

	@Autowired
	private FullSink sink;

	@Test
	void validKeyIsAnswered503AndTheEndpointNeverRunsWhileTheSinkHasNoRoom() throws Exception {
		String key = this.tokens.issue(IssueTokenRequest.builder(TokenOwner.of("user", 1), "full").build()).plaintext();
		this.sink.room = false;
		this.sink.written.clear();

		this.mvc.perform(get("/boom").header(HttpHeaders.AUTHORIZATION, "Bearer " + key))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().exists(HttpHeaders.RETRY_AFTER));

		assertThat(this.sink.written).isEmpty();
	}

	@Test
	void validKeyIsServedAndRecordedOnceTheSinkHasRoomAgain() throws Exception {
		String key = this.tokens.issue(IssueTokenRequest.builder(TokenOwner.of("user", 1), "room").build()).plaintext();
		this.sink.room = true;
		this.sink.written.clear();

		this.mvc.perform(get("/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + key)).andExpect(status().isOk());

		assertThat(this.sink.written).hasSize(1);
	}

	/** A sink whose room a test switches; it replaces Bearer's JDBC driver. */
	static class FullSink implements AuditSink {

		volatile boolean room = true;

		final List<AuditRecord> written = new ArrayList<>();

		@Override
		public synchronized void write(AuditRecord record) {
			this.written.add(record);
		}

		@Override
		public boolean hasRoom() {
			return this.room;
		}

	}

}
