package dev.bearer.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.bearer.core.token.TokenEnvironment;
import dev.bearer.spring.security.BearerAuthentication;

import org.springframework.core.annotation.AliasFor;
import org.springframework.security.test.context.support.TestExecutionEvent;
import org.springframework.security.test.context.support.WithSecurityContext;

/**
 * Runs a test as a request authenticated with a synthetic bearer token, as
 * {@code @WithMockUser} does for a user: the security context holds a
 * {@link BearerAuthentication} whose principal is a token with these attributes. No token
 * is issued, looked up or audited. On a test class it applies to every test method.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@WithSecurityContext(factory = WithBearerTokenSecurityContextFactory.class)
public @interface WithBearerToken {

	/** The token's abilities, which become the authorities; none by default. */
	String[] abilities() default {};

	/** The kind of owner, e.g. {@code team}. */
	String ownerType() default "user";

	/** The owner's identifier within its kind. */
	String ownerId() default "test";

	/** The token's type prefix. */
	String type() default "sk";

	/** The token's environment. */
	TokenEnvironment environment() default TokenEnvironment.TEST;

	/** The token's human-readable name. */
	String name() default "test";

	/** The token's id. */
	long id() default 1;

	/**
	 * When the security context is set up: before the test method (default) or before its
	 * execution only.
	 */
	@AliasFor(annotation = WithSecurityContext.class)
	TestExecutionEvent setupBefore() default TestExecutionEvent.TEST_METHOD;

}
