package dev.bearer.spring.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.bearer.core.test.MutableClock;
import dev.bearer.spring.ratelimit.FailureBudget.Admission;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalFailureBudgetTests {

	private static final Instant WINDOW_START = Instant.parse("2026-06-01T12:00:00Z");

	private final MutableClock clock = new MutableClock(WINDOW_START.plusSeconds(20));

	private final LocalFailureBudget budget = new LocalFailureBudget(3, Duration.ofMinutes(1), 1000, this.clock);

	@Test
	void clientGetsMaxFailuresLookupsPerWindowThenIsRefusedUntilTheNextWindow() {
		for (int i = 0; i < 3; i++) {
			fail("198.51.100.1", "unknown-" + i);
		}

		Admission refused = this.budget.admit("198.51.100.1", "unknown-3");

		assertThat(refused.admitted()).isFalse();
		assertThat(refused.charged()).isFalse();
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(40));
	}

	@Test
	void budgetRefillsAtTheStartOfTheNextWindow() {
		for (int i = 0; i < 3; i++) {
			fail("198.51.100.1", "unknown-" + i);
		}
		this.clock.set(WINDOW_START.plusSeconds(59));
		assertThat(this.budget.admit("198.51.100.1", "unknown-3").admitted()).isFalse();

		this.clock.set(WINDOW_START.plusSeconds(60));

		assertThat(this.budget.admit("198.51.100.1", "unknown-3")).isEqualTo(Admission.CHARGED);
	}

	@Test
	void oneClientsFailuresDoNotSpendAnotherClientsBudget() {
		for (int i = 0; i < 3; i++) {
			fail("198.51.100.1", "unknown-" + i);
		}

		assertThat(this.budget.admit("198.51.100.2", "unknown-4")).isEqualTo(Admission.CHARGED);
	}

	@Test
	void oneKeyFailingFromManyClientsSpendsItsOwnBudget() {
		for (int i = 0; i < 3; i++) {
			fail("198.51.100." + i, "deleted");
		}

		assertThat(this.budget.admit("198.51.100.9", "deleted").admitted()).isFalse();
		assertThat(this.budget.admit("198.51.100.9", "other")).isEqualTo(Admission.CHARGED);
	}

	@Test
	void lookupThatIdentifiedATokenIsRefunded() {
		Admission admission = this.budget.admit("198.51.100.1", "real");
		this.budget.identified("198.51.100.1", "real", admission);

		for (int i = 0; i < 3; i++) {
			assertThat(this.budget.admit("198.51.100.1", "unknown-" + i)).isEqualTo(Admission.CHARGED);
		}
	}

	@Test
	void lookupThatCouldNotRunIsRefunded() {
		for (int i = 0; i < 10; i++) {
			Admission admission = this.budget.admit("198.51.100.1", "during-outage");
			assertThat(admission).isEqualTo(Admission.CHARGED);
			this.budget.released("198.51.100.1", "during-outage", admission);
		}
	}

	@Test
	void knownKeyIsAdmittedFreeWhileItsClientIsExhausted() {
		this.budget.identified("198.51.100.1", "real", this.budget.admit("198.51.100.1", "real"));
		for (int i = 0; i < 3; i++) {
			fail("198.51.100.1", "unknown-" + i);
		}

		assertThat(this.budget.admit("198.51.100.1", "real")).isEqualTo(Admission.FREE);
		assertThat(this.budget.admit("198.51.100.1", "unknown-3").admitted()).isFalse();
	}

	@Test
	void knownKeyThatNoLongerIdentifiesATokenCountsAsAFailureAndIsForgotten() {
		this.budget.identified("198.51.100.1", "deleted", this.budget.admit("198.51.100.1", "deleted"));
		for (int i = 0; i < 3; i++) {
			Admission admission = this.budget.admit("198.51.100.1", "deleted");
			this.budget.unidentified("198.51.100.1", "deleted", admission);
		}

		assertThat(this.budget.admit("198.51.100.1", "deleted").admitted()).isFalse();
		assertThat(this.budget.admit("198.51.100.1", "other").admitted()).isFalse();
	}

	@Test
	void concurrentLookupsNeverExceedTheBudget() throws Exception {
		LocalFailureBudget budget = new LocalFailureBudget(30, Duration.ofMinutes(1), 1000, this.clock);
		int threads = 16;
		CyclicBarrier start = new CyclicBarrier(threads);
		AtomicInteger admitted = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				results.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < 20; i++) {
						String key = "forged-" + thread + "-" + i;
						Admission admission = budget.admit("198.51.100.1", key);
						if (admission.admitted()) {
							admitted.incrementAndGet();
							budget.unidentified("198.51.100.1", key, admission);
						}
					}
					return null;
				}));
			}
			for (Future<?> result : results) {
				result.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(admitted).hasValue(30);
	}

	@Test
	void keptStateIsBoundedByTheMaximumSize() {
		LocalFailureBudget small = new LocalFailureBudget(1, Duration.ofMinutes(1), 10, this.clock);

		for (int i = 0; i < 10_000; i++) {
			Admission admission = small.admit("2001:db8::" + Integer.toHexString(i), "forged-" + i);
			small.unidentified("2001:db8::" + Integer.toHexString(i), "forged-" + i, admission);
		}

		assertThat(small.trackedClients()).isLessThanOrEqualTo(10);
	}

	private void fail(String clientIp, String key) {
		Admission admission = this.budget.admit(clientIp, key);
		assertThat(admission).isEqualTo(Admission.CHARGED);
		this.budget.unidentified(clientIp, key, admission);
	}

}
