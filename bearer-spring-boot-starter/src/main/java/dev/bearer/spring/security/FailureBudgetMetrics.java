package dev.bearer.spring.security;

import dev.bearer.spring.ratelimit.FailureBudget;
import dev.bearer.spring.ratelimit.LocalFailureBudget;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of the {@link FailureBudgetAuditor}: refused requests still waiting for their
 * window's row, and the rows written. The refused requests themselves are counted by
 * {@link BearerAuthenticationMetrics#AUTHENTICATIONS} with
 * {@code outcome=budget_exhausted}.
 */
public final class FailureBudgetMetrics implements MeterBinder {

	/** Gauge: requests refused by the failure budget whose row is not written yet. */
	public static final String PENDING = "bearer.failure.budget.pending";

	/**
	 * Counter: rows handed to the audit sink for requests refused by the failure budget
	 * (one per client and window).
	 */
	public static final String ROWS = "bearer.failure.budget.rows";

	/**
	 * Gauge: clients whose failures the {@link LocalFailureBudget} counts now (bounded by
	 * its maximum size).
	 */
	public static final String CLIENTS = "bearer.failure.budget.clients";

	private final FailureBudgetAuditor auditor;

	private final FailureBudget budget;

	/** Metrics of {@code auditor} and {@code budget}. */
	public FailureBudgetMetrics(FailureBudgetAuditor auditor, FailureBudget budget) {
		this.auditor = auditor;
		this.budget = budget;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(PENDING, this.auditor, FailureBudgetAuditor::pending)
			.description("Requests refused by the failure budget whose row is not written yet")
			.register(registry);
		FunctionCounter.builder(ROWS, this.auditor, FailureBudgetAuditor::rows)
			.description("Rows written for requests refused by the failure budget")
			.register(registry);
		if (this.budget instanceof LocalFailureBudget local) {
			Gauge.builder(CLIENTS, local, LocalFailureBudget::trackedClients)
				.description("Clients whose failed authentications are counted")
				.register(registry);
		}
	}

}
