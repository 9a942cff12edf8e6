package dev.bearer.core.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Runs a test class against {@link TestRedis}: skipped with a reason when no Redis server
 * is available, unless {@code BEARER_TEST_REQUIRE_ALL_DATABASES=true}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@EnabledIf(value = "dev.bearer.core.test.TestRedis#isEnabledFor",
		disabledReason = "BEARER_TEST_REDIS_URL is not set and no Docker engine is available")
public @interface OnRedis {

}
