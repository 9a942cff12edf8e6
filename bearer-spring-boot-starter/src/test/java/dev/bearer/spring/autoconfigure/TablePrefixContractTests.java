package dev.bearer.spring.autoconfigure;

import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.test.AuditTrail;
import dev.bearer.core.test.MutableClock;
import dev.bearer.core.token.GroupRevocationRequest;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.LastUsedRecorder;
import dev.bearer.core.token.TokenGroup;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenSelection;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.usage.AuditEntry;
import dev.bearer.core.usage.UsageQueryService;
import dev.bearer.spring.TestApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code bearer.schema.table-prefix}: the migrations create every table with the prefix,
 * and the token stores, audit writer, last-used recorder and usage queries use those
 * tables; one subclass per database.
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "bearer.schema.table-prefix=acme_", "bearer.authentication.environments=test",
				"bearer.audit.last-used-resolution=0s" })
@AutoConfigureMockMvc
public abstract class TablePrefixContractTests {

	private static final TokenOwner OWNER = TokenOwner.of("user", 5);

	@Autowired
	private MockMvc mvc;

	@Autowired
	private TokenService tokens;

	@Autowired
	private UsageQueryService usage;

	@Autowired
	private LastUsedRecorder lastUsed;

	@Autowired
	private BearerSchema schema;

	@Autowired
	private MutableClock clock;

	@Autowired
	private ApplicationContext context;

	private JdbcTemplate jdbc;

	@BeforeEach
	void startFromEmptyTables() {
		new AuditTrail(this.context).clear();
		this.jdbc = new JdbcTemplate(this.schema.dataSource());
		this.clock.set(Instant.parse("2026-06-01T12:00:00Z"));
	}

	@Test
	void migrationsCreateEveryTableWithThePrefix() throws Exception {
		// PostgreSQL's audit table is a partitioned table, its partitions tables
		List<String> tables = JdbcUtils.extractDatabaseMetaData(this.schema.dataSource(), metaData -> {
			List<String> names = new ArrayList<>();
			try (ResultSet rows = metaData.getTables(metaData.getConnection().getCatalog(),
					metaData.getConnection().getSchema(), "%", new String[] { "TABLE", "PARTITIONED TABLE" })) {
				while (rows.next()) {
					names.add(rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
				}
			}
			return names;
		});

		assertThat(tables).contains("acme_tokens", "acme_token_groups", "acme_token_audit_logs",
				"acme_rate_limit_buckets", "acme_timed_revocations", "acme_expiry_warnings", "acme_schema_history");
	}

	@Test
	void groupRevocationsGoThroughThePrefixedTables() {
		TokenGroup group = this.tokens.createGroup(OWNER, "prefixed group", Map.of());
		long id = this.tokens.issue(IssueTokenRequest.builder(OWNER, "member").groupId(group.id()).build())
			.token()
			.id();

		this.tokens.revokeGroup(GroupRevocationRequest.timed(group.id(), TokenSelection.ALL,
				this.clock.instant().plus(Duration.ofDays(1)), "later"));
		this.tokens.revokeGroup(GroupRevocationRequest.cascade(group.id(), "now"));

		assertThat(this.tokens.timedRevocations(group.id())).singleElement()
			.satisfies(revocation -> assertThat(revocation.reason()).isEqualTo("later"));
		assertThat(this.jdbc.queryForObject("select count(*) from acme_timed_revocations where group_id = ?",
				Long.class, group.id()))
			.isOne();
		assertThat(this.tokens.find(id).orElseThrow().revokedAt()).isNotNull();
	}

	@Test
	void issuedTokenAuthenticatesAndItsRowsAreWrittenAndReadBackThroughThePrefixedTables() throws Exception {
		IssuedToken issued = this.tokens
			.issue(IssueTokenRequest.builder(OWNER, "prefixed").abilities("orders:read").build());

		this.mvc.perform(get("/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + issued.plaintext()))
			.andExpect(status().isOk());
		this.lastUsed.flush();

		long id = issued.token().id();
		assertThat(new AuditTrail(this.context).ofToken(id)).extracting(AuditEntry::event)
			.containsExactly(AuditEvent.CREATED, AuditEvent.AUTHENTICATED);
		assertThat(this.usage.authenticationCount(id)).isOne();
		assertThat(this.jdbc.queryForList("select event from acme_token_audit_logs where token_id = ? order by id",
				String.class, id))
			.containsExactly("created", "authenticated");
		assertThat(this.jdbc.queryForObject(
				"select count(*) from acme_tokens where id = ? and last_used_at is not null", Long.class, id))
			.isOne();
		assertThat(this.tokens.find(id)).hasValueSatisfying(token -> assertThat(token.lastUsedAt()).isNotNull());
	}

}
