package dev.bearer.spring.test;

import dev.bearer.core.test.AuditTrail;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.usage.UsageQueryService;
import dev.bearer.spring.TestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

import static dev.bearer.spring.test.BearerTestRequests.bearerKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The request post-processor and {@code @WithBearerToken} against the starter's default
 * chain: abilities decide 200 or 403, the principal carries the given attributes, and
 * nothing is issued or audited.
 */
@SpringBootTest(classes = TestApplication.class)
@AutoConfigureMockMvc
class BearerTestSupportTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private UsageQueryService usage;

	@BeforeEach
	void startFromAnEmptyAuditTrail() {
		new AuditTrail(this.context).clear();
	}

	@AfterEach
	void nothingWasAudited() {
		AuditTrail.drain(this.context);
		assertThat(this.usage.query().count()).isZero();
	}

	@Test
	void postProcessorWithTheAbilityGets200() throws Exception {
		this.mvc.perform(get("/orders").with(bearerKey().abilities("orders:read")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.orders").value(3));
	}

	@Test
	void postProcessorWithoutTheAbilityGets403InsufficientScope() throws Exception {
		this.mvc.perform(get("/orders").with(bearerKey().abilities("orders:write")))
			.andExpect(status().isForbidden())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("insufficient_scope")));
	}

	@Test
	void postProcessorAbilitiesReachMethodSecurityExpressions() throws Exception {
		this.mvc.perform(post("/orders").with(bearerKey().abilities("*"))).andExpect(status().isCreated());
		this.mvc.perform(post("/orders").with(bearerKey().abilities("orders:read"))).andExpect(status().isForbidden());
	}

	@Test
	void postProcessorPrincipalCarriesOwnerTypeEnvironmentAndName() throws Exception {
		this.mvc.perform(get("/whoami")
			.with(bearerKey().owner("team", 42).type("pk").environment(TokenEnvironment.LIVE).name("mobile app").id(7)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.id").value(7))
			.andExpect(jsonPath("$.owner").value("team:42"))
			.andExpect(jsonPath("$.type").value("pk"))
			.andExpect(jsonPath("$.environment").value("live"))
			.andExpect(jsonPath("$.name").value("mobile app"));
	}

	@Test
	void postProcessorDefaultsToATestSecretKeyOfATestUser() throws Exception {
		this.mvc.perform(get("/whoami").with(bearerKey()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.id").value(1))
			.andExpect(jsonPath("$.owner").value("user:test"))
			.andExpect(jsonPath("$.type").value("sk"))
			.andExpect(jsonPath("$.environment").value("test"))
			.andExpect(jsonPath("$.name").value("test"));
	}

	@Test
	void requestWithoutPostProcessorIsStillRefused() throws Exception {
		this.mvc.perform(get("/orders")).andExpect(status().isUnauthorized());
	}

	@Test
	@WithBearerToken(abilities = "orders:read")
	void annotationWithTheAbilityGets200() throws Exception {
		this.mvc.perform(get("/orders")).andExpect(status().isOk()).andExpect(jsonPath("$.orders").value(3));
	}

	@Test
	@WithBearerToken(abilities = { "orders:write", "reports:read" })
	void annotationWithoutTheAbilityGets403InsufficientScope() throws Exception {
		this.mvc.perform(get("/orders"))
			.andExpect(status().isForbidden())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("insufficient_scope")));
	}

	@Test
	@WithBearerToken(ownerType = "team", ownerId = "42", type = "rk", environment = TokenEnvironment.LIVE,
			name = "nightly reports", id = 9)
	void annotationPrincipalCarriesOwnerTypeEnvironmentAndName() throws Exception {
		this.mvc.perform(get("/whoami"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.id").value(9))
			.andExpect(jsonPath("$.owner").value("team:42"))
			.andExpect(jsonPath("$.type").value("rk"))
			.andExpect(jsonPath("$.environment").value("live"))
			.andExpect(jsonPath("$.name").value("nightly reports"));
	}

}
