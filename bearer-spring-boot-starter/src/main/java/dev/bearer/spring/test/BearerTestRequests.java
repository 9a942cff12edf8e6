package dev.bearer.spring.test;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import dev.bearer.core.token.HashAlgorithm;
import dev.bearer.core.token.Token;
import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.spring.security.BearerAuthentication;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * MockMvc request post-processors that authenticate a request as a bearer token would,
 * without issuing one:
 * {@code mvc.perform(get("/orders").with(bearerKey().abilities("orders:read")))}. The
 * request runs as a {@link BearerAuthentication} whose principal is a synthetic
 * {@link Token}, as spring-security-test's {@code jwt()} does for JWTs, and passes CSRF
 * protection as a request presenting a key does. Nothing is looked up, checked or
 * audited.
 */
public final class BearerTestRequests {

	private BearerTestRequests() {
	}

	/**
	 * A request made with a synthetic {@code sk_test} key of owner {@code user:test},
	 * without abilities until given some.
	 */
	public static BearerKeyRequestPostProcessor bearerKey() {
		return new BearerKeyRequestPostProcessor();
	}

	/**
	 * Describes the synthetic token a request is authenticated with. Unset attributes
	 * keep their defaults: id 1, owner {@code user:test}, name {@code test}, type
	 * {@code sk}, environment {@code test}, no abilities, no expiry, no constraints and
	 * no timestamps.
	 */
	public static final class BearerKeyRequestPostProcessor implements RequestPostProcessor {

		private long id = 1;

		private TokenOwner owner = TokenOwner.of("user", "test");

		private String name = "test";

		private String type = "sk";

		private TokenEnvironment environment = TokenEnvironment.TEST;

		private List<String> abilities = List.of();

		BearerKeyRequestPostProcessor() {
		}

		/**
		 * The token's abilities, which become the request's authorities; replaces earlier
		 * ones.
		 */
		public BearerKeyRequestPostProcessor abilities(String... abilities) {
			this.abilities = List.copyOf(Arrays.asList(abilities));
			return this;
		}

		/** The token's owner, e.g. {@code owner("user", 42)}. */
		public BearerKeyRequestPostProcessor owner(String ownerType, Object ownerId) {
			this.owner = TokenOwner.of(ownerType, ownerId);
			return this;
		}

		/** The token's type prefix, e.g. {@code pk}. */
		public BearerKeyRequestPostProcessor type(String type) {
			this.type = Objects.requireNonNull(type, "type must not be null");
			return this;
		}

		/** The token's environment. */
		public BearerKeyRequestPostProcessor environment(TokenEnvironment environment) {
			this.environment = Objects.requireNonNull(environment, "environment must not be null");
			return this;
		}

		/** The token's human-readable name. */
		public BearerKeyRequestPostProcessor name(String name) {
			this.name = Objects.requireNonNull(name, "name must not be null");
			return this;
		}

		/** The token's id. */
		public BearerKeyRequestPostProcessor id(long id) {
			this.id = id;
			return this;
		}

		/** The synthetic token the request is authenticated with. */
		public Token token() {
			return new Token(this.id, this.owner, this.name, this.type, this.environment,
					this.type + "_" + this.environment.code() + "_", HashAlgorithm.SHA256, this.abilities, null, null,
					null, null, null, null, null, null, null, null, null, null);
		}

		/**
		 * Authenticates the request and, as Bearer does for key requests, lets it past
		 * CSRF protection.
		 */
		@Override
		public MockHttpServletRequest postProcessRequest(MockHttpServletRequest request) {
			MockHttpServletRequest authenticated = SecurityMockMvcRequestPostProcessors
				.authentication(new BearerAuthentication(token()))
				.postProcessRequest(request);
			return SecurityMockMvcRequestPostProcessors.csrf().postProcessRequest(authenticated);
		}

	}

}
