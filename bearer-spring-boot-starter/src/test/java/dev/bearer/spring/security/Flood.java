package dev.bearer.spring.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.bearer.core.test.MutableClock;
import dev.bearer.core.test.StatementCounter;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * A flood of forged, checksum-valid keys from one client address for a fixed time, while
 * legitimate clients (one behind the flooding address, one elsewhere) keep using their
 * keys, and the application's clock runs faster than real time so the flood spans several
 * failure-budget windows. It counts every answer and the SQL statements the flooding
 * threads caused.
 */
final class Flood {

	private static final int FLOOD_THREADS = 4;

	private final MockMvc mvc;

	private final StatementCounter statements;

	private final MutableClock clock;

	private final ForgedKeys forged = new ForgedKeys();

	Flood(MockMvc mvc, StatementCounter statements, MutableClock clock) {
		this.mvc = mvc;
		this.statements = statements;
		this.clock = clock;
	}

	/**
	 * Runs the flood for {@code duration}, moving the clock by {@code clockStep} every
	 * quarter second.
	 */
	Result run(Plan plan, Duration duration, Duration clockStep) throws Exception {
		long deadline = System.nanoTime() + duration.toNanos();
		Map<Integer, AtomicLong> floodAnswers = new ConcurrentHashMap<>();
		AtomicLong floodStatements = new AtomicLong();
		Map<Integer, AtomicLong> sameAddressAnswers = new ConcurrentHashMap<>();
		Map<Integer, AtomicLong> otherAddressAnswers = new ConcurrentHashMap<>();
		ExecutorService pool = Executors.newFixedThreadPool(FLOOD_THREADS + 3);
		try {
			List<Future<?>> runs = new ArrayList<>();
			for (int i = 0; i < FLOOD_THREADS; i++) {
				runs.add(pool.submit(() -> {
					long before = this.statements.countOnThisThread();
					while (System.nanoTime() < deadline) {
						count(floodAnswers, request(this.forged.next(), plan.floodAddress(), plan.floodMarker()));
					}
					floodStatements.addAndGet(this.statements.countOnThisThread() - before);
					return null;
				}));
			}
			runs.add(pool.submit(() -> repeat(deadline, sameAddressAnswers, plan.sameAddressKey(), plan.floodAddress(),
					plan.sameAddressMarker())));
			runs.add(pool.submit(() -> repeat(deadline, otherAddressAnswers, plan.otherAddressKey(),
					plan.otherAddress(), plan.otherAddressMarker())));
			runs.add(pool.submit(() -> {
				while (System.nanoTime() < deadline) {
					TimeUnit.MILLISECONDS.sleep(250);
					this.clock.advance(clockStep);
				}
				return null;
			}));
			for (Future<?> run : runs) {
				run.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		return new Result(snapshot(floodAnswers), floodStatements.get(), snapshot(sameAddressAnswers),
				snapshot(otherAddressAnswers));
	}

	private Void repeat(long deadline, Map<Integer, AtomicLong> answers, String key, String address, String marker)
			throws Exception {
		while (System.nanoTime() < deadline) {
			count(answers, request(key, address, marker));
		}
		return null;
	}

	private int request(String key, String address, String marker) throws Exception {
		MockHttpServletRequestBuilder request = get("/whoami").header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.header(HttpHeaders.USER_AGENT, marker)
			.with(servletRequest -> {
				servletRequest.setRemoteAddr(address);
				return servletRequest;
			});
		return this.mvc.perform(request).andReturn().getResponse().getStatus();
	}

	private static void count(Map<Integer, AtomicLong> answers, int status) {
		answers.computeIfAbsent(status, key -> new AtomicLong()).incrementAndGet();
	}

	private static Map<Integer, Long> snapshot(Map<Integer, AtomicLong> answers) {
		Map<Integer, Long> counts = new ConcurrentHashMap<>();
		answers.forEach((status, count) -> counts.put(status, count.get()));
		return Map.copyOf(counts);
	}

	/**
	 * Who floods and who works beside the flood.
	 *
	 * @param floodAddress the flooding client's address (shared by one legitimate client)
	 * @param floodMarker the user agent of the flood's requests
	 * @param sameAddressKey the key of the legitimate client behind the flooding address
	 * @param sameAddressMarker its user agent
	 * @param otherAddress the other legitimate client's address
	 * @param otherAddressKey its key
	 * @param otherAddressMarker its user agent
	 */
	record Plan(String floodAddress, String floodMarker, String sameAddressKey, String sameAddressMarker,
			String otherAddress, String otherAddressKey, String otherAddressMarker) {
	}

	/**
	 * What the flood and the legitimate clients got.
	 *
	 * @param floodAnswers the flood's responses by status
	 * @param floodStatements SQL statements prepared on the flooding threads
	 * @param sameAddressAnswers the responses of the legitimate client behind the
	 * flooding address
	 * @param otherAddressAnswers the responses of the legitimate client elsewhere
	 */
	record Result(Map<Integer, Long> floodAnswers, long floodStatements, Map<Integer, Long> sameAddressAnswers,
			Map<Integer, Long> otherAddressAnswers) {

		long floodRequests() {
			return total(this.floodAnswers);
		}

		long sameAddressRequests() {
			return total(this.sameAddressAnswers);
		}

		long otherAddressRequests() {
			return total(this.otherAddressAnswers);
		}

		private static long total(Map<Integer, Long> answers) {
			return answers.values().stream().mapToLong(Long::longValue).sum();
		}

	}

}
