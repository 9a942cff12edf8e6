package dev.bearer.spring.security;

import java.util.Map;

import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@link RequiresAbility} guards methods and classes in an application that never enabled
 * method security; {@code *} grants every ability.
 */
@SpringBootTest(classes = RequiresAbilityTests.PlainApplication.class)
@AutoConfigureMockMvc
class RequiresAbilityTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private TokenService tokens;

	@Test
	void keyWithTheAbilityOrTheWildcardPasses() throws Exception {
		this.mvc.perform(get("/reports").header(HttpHeaders.AUTHORIZATION, bearer("reports:read")))
			.andExpect(status().isOk());
		this.mvc.perform(get("/reports").header(HttpHeaders.AUTHORIZATION, bearer("*"))).andExpect(status().isOk());
	}

	@Test
	void keyWithoutTheAbilityGets403InsufficientScope() throws Exception {
		this.mvc.perform(get("/reports").header(HttpHeaders.AUTHORIZATION, bearer("orders:read")))
			.andExpect(status().isForbidden())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("insufficient_scope")));
	}

	@Test
	void requestWithoutAKeyGets401() throws Exception {
		this.mvc.perform(get("/reports")).andExpect(status().isUnauthorized());
	}

	@Test
	void annotationOnTheClassGuardsEveryMethodAndAMethodsOwnTakesItsPlace() throws Exception {
		this.mvc.perform(get("/admin/stats").header(HttpHeaders.AUTHORIZATION, bearer("reports:read")))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/admin/stats").header(HttpHeaders.AUTHORIZATION, bearer("admin")))
			.andExpect(status().isOk());
		this.mvc.perform(get("/admin/purge").header(HttpHeaders.AUTHORIZATION, bearer("admin")))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/admin/purge").header(HttpHeaders.AUTHORIZATION, bearer("admin:purge")))
			.andExpect(status().isOk());
	}

	private String bearer(String... abilities) {
		return "Bearer " + this.tokens
			.issue(IssueTokenRequest.builder(TokenOwner.of("user", 11), "reports").abilities(abilities).build())
			.plaintext();
	}

	/** An application with the starter and no {@code @EnableMethodSecurity}. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ ReportsController.class, AdminController.class })
	static class PlainApplication {

	}

	@RestController
	static class ReportsController {

		@GetMapping("/reports")
		@RequiresAbility("reports:read")
		Map<String, Object> reports() {
			return Map.of("reports", 2);
		}

	}

	@RestController
	@RequiresAbility("admin")
	static class AdminController {

		@GetMapping("/admin/stats")
		Map<String, Object> stats() {
			return Map.of("tokens", 5);
		}

		@GetMapping("/admin/purge")
		@RequiresAbility("admin:purge")
		Map<String, Object> purge() {
			return Map.of("purged", true);
		}

	}

}
