package dev.bearer.spring.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Requires the current key to have every one of these abilities (a key with {@code *} has
 * them all) before the method runs; on a class, for every method. Active through the
 * starter, without {@code @EnableMethodSecurity}. A key without them gets 403
 * {@code insufficient_scope}; a request without a key, 401.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface RequiresAbility {

	/** The abilities required, e.g. {@code orders:read}. */
	String[] value();

}
