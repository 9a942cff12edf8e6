package dev.bearer.spring.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.bearer.core.audit.AuditEvent;
import dev.bearer.core.audit.AuditRecord;
import dev.bearer.core.audit.AuditSink;
import dev.bearer.core.test.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailureBudgetAuditorTests {

	private static final Instant WINDOW_START = Instant.parse("2026-06-01T12:00:00Z");

	private final List<AuditRecord> written = new CopyOnWriteArrayList<>();

	private final AuditSink sink = this.written::add;

	private final MutableClock clock = new MutableClock(WINDOW_START.plusSeconds(10));

	private final FailureBudgetAuditor auditor = new FailureBudgetAuditor(this.sink, Duration.ofMinutes(1), 1000,
			this.clock);

	@Test
	void refusedRequestsOfOneWindowBecomeOneFailedRowThatCountsThem() {
		this.auditor.refused("198.51.100.1", "flood/1");
		this.clock.advance(Duration.ofSeconds(5));
		for (int i = 0; i < 99; i++) {
			this.auditor.refused("198.51.100.1", "flood/" + i);
		}
		assertThat(this.written).isEmpty();
		assertThat(this.auditor.pending()).isEqualTo(100);

		this.auditor.flush();

		assertThat(this.written).singleElement().satisfies(row -> {
			assertThat(row.tokenId()).isNull();
			assertThat(row.event()).isEqualTo(AuditEvent.FAILED);
			assertThat(row.ipAddress()).isEqualTo("198.51.100.1");
			assertThat(row.userAgent()).isEqualTo("flood/1");
			assertThat(row.createdAt()).isEqualTo(WINDOW_START.plusSeconds(10));
			assertThat(row.metadata()).containsEntry("reason", "budget_exhausted")
				.containsEntry("attempts", 100L)
				.containsEntry("window_seconds", 60L);
		});
		assertThat(this.auditor.pending()).isZero();
		assertThat(this.auditor.rows()).isEqualTo(1);
	}

	@Test
	void eachClientAndEachWindowGetsItsOwnRow() {
		this.auditor.refused("198.51.100.1", null);
		this.auditor.refused("198.51.100.2", null);
		this.auditor.refused("198.51.100.2", null);
		this.clock.set(WINDOW_START.plusSeconds(60));
		this.auditor.refused("198.51.100.1", null);

		this.auditor.flush();

		assertThat(this.written).extracting(row -> row.ipAddress() + "@" + row.createdAt() + "=" + attempts(row))
			.containsExactlyInAnyOrder("198.51.100.1@2026-06-01T12:00:10Z=1", "198.51.100.2@2026-06-01T12:00:10Z=2",
					"198.51.100.1@2026-06-01T12:01:00Z=1");
	}

	@Test
	void rowIsWrittenWhenItsWindowClosesWithoutFurtherTraffic() throws InterruptedException {
		FailureBudgetAuditor auditor = new FailureBudgetAuditor(this.sink, Duration.ofMillis(200), 1000,
				Clock.systemUTC());

		auditor.refused("198.51.100.1", null);
		auditor.refused("198.51.100.1", null);

		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (this.written.isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(this.written).singleElement().satisfies(row -> assertThat(attempts(row)).isEqualTo(2));
	}

	@Test
	void stoppingWritesTheOpenWindowsRows() {
		this.auditor.start();
		this.auditor.refused("198.51.100.1", null);
		this.auditor.refused("198.51.100.2", null);

		this.auditor.stop();

		assertThat(this.written).hasSize(2);
		assertThat(this.auditor.isRunning()).isFalse();
	}

	@Test
	void stopsAfterTheWebServerAndBeforeTheAuditWriter() {
		assertThat(this.auditor.getPhase()).isGreaterThan(0).isLessThan(Integer.MAX_VALUE - 2048);
	}

	@Test
	void clientsBeyondTheMaximumSizeHaveTheirRowsWrittenEarlyAndNoneIsLost() {
		FailureBudgetAuditor small = new FailureBudgetAuditor(this.sink, Duration.ofMinutes(1), 10, this.clock);

		for (int i = 0; i < 1000; i++) {
			small.refused("2001:db8::" + Integer.toHexString(i), null);
		}

		assertThat(this.written).hasSizeGreaterThanOrEqualTo(900);
		small.flush();
		assertThat(this.written.stream().mapToLong(FailureBudgetAuditorTests::attempts).sum()).isEqualTo(1000);
		assertThat(small.pending()).isZero();
	}

	@Test
	void refusalsRacingFlushesAreAllCounted() throws Exception {
		int threads = 8;
		int perThread = 5000;
		CountDownLatch halfway = new CountDownLatch(threads);
		CountDownLatch flushedOnce = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(threads);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				results.add(pool.submit(() -> {
					for (int i = 0; i < perThread; i++) {
						if (i == perThread / 2) {
							halfway.countDown();
							flushedOnce.await();
						}
						this.auditor.refused("198.51.100.1", null);
					}
					done.countDown();
					return null;
				}));
			}
			assertThat(halfway.await(30, TimeUnit.SECONDS)).isTrue();
			this.auditor.flush();
			flushedOnce.countDown();
			while (!done.await(1, TimeUnit.MILLISECONDS)) {
				this.auditor.flush();
			}
			for (Future<?> result : results) {
				result.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		this.auditor.flush();

		assertThat(this.written.stream().mapToLong(FailureBudgetAuditorTests::attempts).sum())
			.isEqualTo((long) threads * perThread);
		assertThat(this.written).hasSizeGreaterThan(1);
	}

	private static long attempts(AuditRecord row) {
		return ((Number) row.metadata().get("attempts")).longValue();
	}

}
