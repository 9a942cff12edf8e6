package dev.bearer.core.test;

import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Before and after every test method, waits until each audit sink of the test's context
 * has written what it accepted, so no row of one test can land while another runs.
 * Registered for every Spring test through {@code META-INF/spring.factories}.
 */
public class DrainAuditSinksTestExecutionListener extends AbstractTestExecutionListener {

	/**
	 * Runs after dependency injection and before the test's own {@code @BeforeEach}
	 * methods.
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void beforeTestMethod(TestContext testContext) {
		drain(testContext);
	}

	@Override
	public void afterTestMethod(TestContext testContext) {
		drain(testContext);
	}

	private static void drain(TestContext testContext) {
		if (testContext.hasApplicationContext()) {
			AuditTrail.drain(testContext.getApplicationContext());
		}
	}

}
