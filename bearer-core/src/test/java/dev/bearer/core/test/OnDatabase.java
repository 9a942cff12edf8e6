package dev.bearer.core.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Runs a Spring test class against {@link #value()}: its data source points at that
 * database (in a schema of this JVM's own), and the class is skipped with a reason when
 * the database is not available, unless {@code BEARER_TEST_REQUIRE_ALL_DATABASES=true}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@EnabledIf(value = "dev.bearer.core.test.TestDatabase#isEnabledFor",
		disabledReason = "the database's BEARER_TEST_*_URL is not set and no Docker engine is available")
public @interface OnDatabase {

	/** The database to run against. */
	TestDatabase value();

}
