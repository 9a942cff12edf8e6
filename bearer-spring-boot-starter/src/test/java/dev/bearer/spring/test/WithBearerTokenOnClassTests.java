package dev.bearer.spring.test;

import dev.bearer.spring.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code @WithBearerToken} on a test class applies to every test method; one on a method
 * wins over it.
 */
@SpringBootTest(classes = TestApplication.class)
@AutoConfigureMockMvc
@WithBearerToken(abilities = "orders:read", ownerType = "team", ownerId = "5")
class WithBearerTokenOnClassTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void classAnnotationAuthenticatesTheTest() throws Exception {
		this.mvc.perform(get("/orders")).andExpect(status().isOk());
		this.mvc.perform(get("/whoami")).andExpect(jsonPath("$.owner").value("team:5"));
	}

	@Test
	@WithBearerToken(abilities = "orders:write")
	void methodAnnotationWinsOverTheClassAnnotation() throws Exception {
		this.mvc.perform(get("/orders")).andExpect(status().isForbidden());
		this.mvc.perform(get("/whoami")).andExpect(jsonPath("$.owner").value("user:test"));
	}

}
