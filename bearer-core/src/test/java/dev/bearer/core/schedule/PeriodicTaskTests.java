package dev.bearer.core.schedule;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PeriodicTaskTests {

	@Test
	void runsAgainAndAgainOnANamedDaemonThreadUntilStopped() throws InterruptedException {
		CountDownLatch threeRuns = new CountDownLatch(3);
		AtomicInteger runs = new AtomicInteger();
		String[] threadName = new String[1];
		boolean[] daemon = new boolean[1];
		PeriodicTask task = new PeriodicTask("bearer-test-task", Duration.ZERO, Duration.ofMillis(5), () -> {
			threadName[0] = Thread.currentThread().getName();
			daemon[0] = Thread.currentThread().isDaemon();
			runs.incrementAndGet();
			threeRuns.countDown();
		});

		task.start();
		assertThat(threeRuns.await(10, TimeUnit.SECONDS)).isTrue();
		task.stop();
		int afterStop = runs.get();
		Thread.sleep(50);

		assertThat(runs.get()).isEqualTo(afterStop);
		assertThat(threadName[0]).isEqualTo("bearer-test-task");
		assertThat(daemon[0]).isTrue();
		assertThat(task.isRunning()).isFalse();
	}

	@Test
	void startingTwiceRunsOneThread() throws InterruptedException {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger concurrent = new AtomicInteger();
		AtomicInteger mostConcurrent = new AtomicInteger();
		PeriodicTask task = new PeriodicTask("bearer-test-once", Duration.ZERO, Duration.ofMillis(1), () -> {
			mostConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
			started.countDown();
			try {
				release.await(50, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			concurrent.decrementAndGet();
		});

		task.start();
		task.start();
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		Thread.sleep(100);
		task.stop();

		assertThat(mostConcurrent.get()).isEqualTo(1);
	}

	@Test
	void stopInterruptsARunInProgressAndWaitsForIt() throws InterruptedException {
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch interrupted = new CountDownLatch(1);
		PeriodicTask task = new PeriodicTask("bearer-test-stop", Duration.ZERO, Duration.ofSeconds(1), () -> {
			running.countDown();
			try {
				Thread.sleep(60_000);
			}
			catch (InterruptedException ex) {
				interrupted.countDown();
			}
		});
		task.start();
		assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

		task.stop();

		assertThat(interrupted.getCount()).isZero();
		assertThat(task.isRunning()).isFalse();
	}

	@Test
	void initialDelayDefersTheFirstRun() throws InterruptedException {
		AtomicInteger runs = new AtomicInteger();
		PeriodicTask task = new PeriodicTask("bearer-test-delay", Duration.ofHours(1), Duration.ofMillis(1),
				runs::incrementAndGet);

		task.start();
		Thread.sleep(50);
		task.stop();

		assertThat(runs.get()).isZero();
	}

	@Test
	void delaysMustMakeSense() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PeriodicTask("t", Duration.ofSeconds(-1), Duration.ofSeconds(1), () -> {
			}))
			.withMessageContaining("initialDelay");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PeriodicTask("t", Duration.ZERO, Duration.ZERO, () -> {
			}))
			.withMessageContaining("delay must be positive");
	}

}
