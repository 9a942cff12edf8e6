package dev.bearer.spring.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.test.AuditTrail;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.IssuedToken;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.spring.TestApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * One chain with {@code oauth2ResourceServer().jwt()} and Bearer: {@code sk_/pk_/rk_}
 * keys go to Bearer (with their audit rows), JWTs to the resource server (no Bearer row),
 * on the same endpoints.
 */
@SpringBootTest(classes = TestApplication.class)
@AutoConfigureMockMvc
@Import(ResourceServerChainTests.JwtAndKeys.class)
class ResourceServerChainTests {

	private static final SecretKey JWT_SECRET = new SecretKeySpec(
			"a-test-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8), "HmacSHA256");

	private static final SecretKey FORGER_SECRET = new SecretKeySpec(
			"another-secret-of-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8), "HmacSHA256");

	@Autowired
	private MockMvc mvc;

	@Autowired
	private TokenService tokens;

	@Autowired
	private ApplicationContext context;

	private AuditTrail trail;

	@BeforeEach
	void startFromAnEmptyAuditTrail() {
		this.trail = new AuditTrail(this.context);
		this.trail.clear();
	}

	@Test
	void bearerKeyIsAuthenticatedByBearerAndAudited() throws Exception {
		IssuedToken key = this.tokens
			.issue(IssueTokenRequest.builder(TokenOwner.of("user", 1), "reader").abilities("orders:read").build());

		this.mvc.perform(get("/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + key.plaintext()))
			.andExpect(status().isOk());

		assertThat(this.trail.ofToken(key.token().id(), AuditEvent.AUTHENTICATED)).hasSize(1);
	}

	@Test
	void jwtIsAuthenticatedByTheResourceServerAndWritesNoBearerRow() throws Exception {
		String marker = "jwt-client/" + UUID.randomUUID();

		this.mvc
			.perform(get("/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + jwt("orders:read"))
				.header(HttpHeaders.USER_AGENT, marker))
			.andExpect(status().isOk());
		this.mvc.perform(post("/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + jwt("orders:write")))
			.andExpect(status().isCreated());

		assertThat(this.trail.markedBy(marker)).isEmpty();
	}

	@Test
	void jwtWithoutTheScopeIsForbiddenByTheResourceServer() throws Exception {
		this.mvc.perform(get("/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + jwt("profile")))
			.andExpect(status().isForbidden());
	}

	@Test
	void refusedKeyIsAnsweredByBearerAndForgedJwtByTheResourceServer() throws Exception {
		IssuedToken revoked = this.tokens.issue(IssueTokenRequest.builder(TokenOwner.of("user", 1), "gone").build());
		this.tokens.revoke(revoked.token().id(), "test");

		this.mvc.perform(get("/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + revoked.plaintext()))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					containsString("The bearer token is malformed, unknown, revoked, expired or not allowed here.")));
		assertThat(this.trail.ofToken(revoked.token().id(), AuditEvent.FAILED)).hasSize(1);

		String forged = jwt("orders:read", FORGER_SECRET);
		this.mvc.perform(get("/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + forged))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("invalid_token")))
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE,
					not(containsString("revoked, expired or not allowed here"))));
	}

	@Test
	void postWithAKeyNeedsNoCsrfTokenButAPostWithoutCredentialsIsRefused() throws Exception {
		IssuedToken writer = this.tokens
			.issue(IssueTokenRequest.builder(TokenOwner.of("user", 1), "writer").abilities("orders:write").build());

		this.mvc.perform(post("/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + writer.plaintext()))
			.andExpect(status().isCreated());
		this.mvc.perform(post("/orders")).andExpect(status().isForbidden());
	}

	private static String jwt(String scope) {
		return jwt(scope, JWT_SECRET);
	}

	private static String jwt(String scope, SecretKey secret) {
		Instant now = Instant.now();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject("alice")
			.issuedAt(now)
			.expiresAt(now.plusSeconds(300))
			.claim("scope", scope)
			.build();
		return new NimbusJwtEncoder(new ImmutableSecret<>(secret))
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class JwtAndKeys {

		@Bean
		JwtDecoder jwtDecoder() {
			return NimbusJwtDecoder.withSecretKey(JWT_SECRET).build();
		}

		@Bean
		SecurityFilterChain jwtAndKeysChain(HttpSecurity http) throws Exception {
			JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
			scopes.setAuthorityPrefix("");
			JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
			authentication.setJwtGrantedAuthoritiesConverter(scopes);
			return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
				.oauth2ResourceServer(
						resourceServer -> resourceServer.jwt(jwt -> jwt.jwtAuthenticationConverter(authentication)))
				.with(BearerConfigurer.bearer(), Customizer.withDefaults())
				.build();
		}

	}

}
