package dev.bearer.core.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import javax.sql.DataSource;

import dev.bearer.core.CoreTestApplication;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.test.Fuzz;
import dev.bearer.core.test.MutableClock;
import dev.bearer.core.test.SwitchableDataSource;
import dev.bearer.core.token.IssueTokenRequest;
import dev.bearer.core.token.LastUsedRecorder;
import dev.bearer.core.token.TokenOwner;
import dev.bearer.core.token.TokenService;
import dev.bearer.core.usage.AuditEntry;
import dev.bearer.core.usage.UsageQueryService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The asynchronous audit writer and the last-used recorder against a real database; one
 * subclass per database.
 */
@SpringBootTest(classes = CoreTestApplication.class)
public abstract class AuditPipelineContractTests {

	private static final Instant T0 = Instant.parse("2026-05-10T08:15:30.250Z");

	@Autowired
	private DataSource dataSource;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TokenService tokenService;

	@Autowired
	private MutableClock clock;

	@Autowired
	private BearerSchema schema;

	@Autowired
	private UsageQueryService usage;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final List<JdbcAuditSink> sinks = new ArrayList<>();

	private long tokenId;

	@TempDir
	Path spoolRoot;

	@BeforeEach
	void prepare() {
		this.jdbc.update("delete from bearer_token_audit_logs");
		this.jdbc.update("delete from bearer_tokens");
		this.clock.set(T0);
		this.tokenId = this.tokenService.issue(IssueTokenRequest.builder(TokenOwner.of("user", 7), "audited").build())
			.token()
			.id();
		this.jdbc.update("delete from bearer_token_audit_logs");
	}

	@AfterEach
	void stopSinks() {
		this.sinks.forEach(JdbcAuditSink::stop);
	}

	@Test
	void acceptedRowsAreWrittenWithEveryField() {
		JdbcAuditSink sink = started(settings(1000, 100, Duration.ofMillis(20)), this.dataSource);

		sink.write(new AuditRecord(this.tokenId, AuditEvent.AUTHENTICATED, "2001:db8::1", "curl/8.5",
				Map.of("endpoint", "/orders", "method", "GET", "status", 200, "response_time_ms", 12), T0));
		sink.write(new AuditRecord(null, AuditEvent.FAILED, "203.0.113.9", null, Map.of("reason", "unknown"),
				T0.plusSeconds(1)));
		sink.stop();

		List<Map<String, Object>> rows = this.jdbc.queryForList(
				"select token_id, event, ip_address, user_agent, created_at from bearer_token_audit_logs order by created_at");
		assertThat(rows).hasSize(2);
		assertThat(((Number) rows.get(0).get("token_id")).longValue()).isEqualTo(this.tokenId);
		assertThat(rows.get(0).get("event")).isEqualTo("authenticated");
		assertThat(rows.get(0).get("ip_address")).isEqualTo("2001:db8::1");
		assertThat(rows.get(0).get("user_agent")).isEqualTo("curl/8.5");
		assertThat(rows.get(1).get("token_id")).isNull();
		assertThat(rows.get(1).get("event")).isEqualTo("failed");
		List<AuditEntry> entries = this.usage.query().oldestFirst().list();
		assertThat(entries.get(0).createdAt()).isEqualTo(T0);
		assertThat(entries.get(0).metadata()).containsEntry("endpoint", "/orders").containsEntry("status", 200);
		assertThat(entries.get(1).metadata()).containsEntry("reason", "unknown");
		assertThat(this.meters.get(AuditMeters.WRITTEN).functionCounter().count()).isEqualTo(2);
	}

	@Test
	void everythingAcceptedIsWrittenWhenTheWriterShutsDown() {
		JdbcAuditSink sink = started(settings(5000, 250, Duration.ofHours(1)), this.dataSource);
		for (int i = 0; i < 2000; i++) {
			sink.write(row(i));
		}

		sink.stop();

		assertThat(count()).isEqualTo(2000);
		assertThat(sink.pending()).isZero();
		assertThat(this.meters.get(AuditMeters.DROPPED).functionCounter().count()).isZero();
		assertThat(this.meters.summary(AuditMeters.BATCH_SIZE).max()).isLessThanOrEqualTo(250);
	}

	@Test
	void rowAcceptedJustBeforeStopIsWritten() {
		for (int i = 0; i < 30; i++) {
			JdbcAuditSink sink = started(settings(100, 10, Duration.ofMillis(50)), this.dataSource);
			sink.write(row(i));
			sink.stop();
		}

		assertThat(count()).isEqualTo(30);
		assertThat(this.meters.get(AuditMeters.DROPPED).functionCounter().count()).isZero();
	}

	@Test
	void flushReturnsOnceEveryAcceptedRowIsWritten() {
		JdbcAuditSink sink = started(settings(5000, 50, Duration.ofSeconds(1)), this.dataSource);
		for (int i = 0; i < 500; i++) {
			sink.write(row(i));
		}

		assertThat(sink.flush(Duration.ofSeconds(20))).isTrue();

		assertThat(count()).isEqualTo(500);
		assertThat(sink.pending()).isZero();
	}

	@Test
	void flushGivesUpWhileTheDatabaseIsUnreachableAndSucceedsOnceItReturns() {
		SwitchableDataSource flaky = new SwitchableDataSource(this.dataSource);
		JdbcAuditSink sink = started(settings(1000, 100, Duration.ofMillis(10)), flaky);
		flaky.setReachable(false);
		sink.write(row(0));

		assertThat(sink.flush(Duration.ofMillis(200))).isFalse();
		assertThat(count()).isZero();

		flaky.setReachable(true);
		assertThat(sink.flush(Duration.ofSeconds(20))).isTrue();
		assertThat(count()).isEqualTo(1);
	}

	@Test
	void flushCountsRowsTheQueueRefusedAsSettled() {
		JdbcAuditSink sink = new JdbcAuditSink(this.schema, settings(2, 100, Duration.ofMillis(10)));
		new JdbcAuditSinkMetrics(sink).bindTo(this.meters);
		this.sinks.add(sink);
		for (int i = 0; i < 5; i++) {
			sink.write(row(i));
		}
		sink.start();

		assertThat(sink.flush(Duration.ofSeconds(20))).isTrue();

		assertThat(count()).isEqualTo(2);
		assertThat(this.meters.get(AuditMeters.DROPPED).functionCounter().count()).isEqualTo(3);
	}

	@Test
	void statusReportsTheQueueAndAnOutageUntilTheNextWrite() throws InterruptedException {
		SwitchableDataSource flaky = new SwitchableDataSource(this.dataSource);
		JdbcAuditSink sink = started(settings(1000, 100, Duration.ofMillis(10)), flaky);
		assertThat(sink.status().sinceLastWrite()).isNull();
		flaky.setReachable(false);
		sink.write(row(0));
		sink.write(row(1));
		awaitRetries(1);

		AuditWriterStatus outage = sink.status();
		assertThat(outage.running()).isTrue();
		assertThat(outage.unreachable()).isTrue();
		assertThat(outage.queueCapacity()).isEqualTo(1000);
		assertThat(outage.written()).isZero();
		assertThat(outage.retries()).isPositive();

		flaky.setReachable(true);
		assertThat(sink.flush(Duration.ofSeconds(20))).isTrue();
		AuditWriterStatus recovered = sink.status();
		assertThat(recovered.unreachable()).isFalse();
		assertThat(recovered.unreachableFor()).isZero();
		assertThat(recovered.written()).isEqualTo(2);
		assertThat(recovered.queueDepth()).isZero();
		assertThat(recovered.sinceLastWrite()).isNotNull();
	}

	@Test
	void rowTheDatabaseRejectsDoesNotSinkTheRestOfItsBatch() {
		JdbcAuditSink sink = started(settings(1000, 100, Duration.ofHours(1)), this.dataSource);
		for (int i = 0; i < 10; i++) {
			sink.write(row(i));
		}
		sink.write(new AuditRecord(Long.MAX_VALUE, AuditEvent.AUTHENTICATED, "198.51.100.1", null, Map.of(), T0));
		for (int i = 10; i < 20; i++) {
			sink.write(row(i));
		}

		sink.stop();

		assertThat(count()).isEqualTo(20);
		assertThat(this.meters.get(AuditMeters.FAILED).functionCounter().count()).isEqualTo(1);
		assertThat(this.meters.get(AuditMeters.WRITTEN).functionCounter().count()).isEqualTo(20);
	}

	@Test
	void rowWhoseMetadataCannotBeSerialisedIsRejectedAndTheWriterGoesOn() throws InterruptedException {
		JdbcAuditSink sink = started(settings(1000, 100, Duration.ofMillis(10)), this.dataSource);
		Map<String, Object> selfReferencing = new HashMap<>();
		selfReferencing.put("self", selfReferencing);

		sink.write(new AuditRecord(this.tokenId, AuditEvent.AUTHENTICATED, null, null, selfReferencing, T0));
		sink.write(row(1));
		assertThat(sink.flush(Duration.ofSeconds(20))).isTrue();
		assertThat(count()).isEqualTo(1);
		sink.write(row(2));
		assertThat(sink.flush(Duration.ofSeconds(20))).isTrue();
		assertThat(count()).isEqualTo(2);

		assertThat(this.meters.get(AuditMeters.FAILED).functionCounter().count()).isEqualTo(1);
	}

	@Test
	void rowsWaitWhileTheDatabaseIsUnreachableAndAreWrittenWhenItReturns() throws InterruptedException {
		SwitchableDataSource flaky = new SwitchableDataSource(this.dataSource);
		JdbcAuditSink sink = started(settings(1000, 100, Duration.ofMillis(10)), flaky);
		sink.write(row(0));
		assertThat(sink.flush(Duration.ofSeconds(20))).isTrue();
		assertThat(count()).isEqualTo(1);
		flaky.setReachable(false);

		for (int i = 1; i <= 50; i++) {
			sink.write(row(i));
		}
		awaitRetries(1);
		assertThat(count()).isEqualTo(1);

		flaky.setReachable(true);
		assertThat(sink.flush(Duration.ofSeconds(20))).isTrue();
		assertThat(count()).isEqualTo(51);
		assertThat(this.meters.get(AuditMeters.DROPPED).functionCounter().count()).isZero();
		assertThat(this.meters.get(AuditMeters.FAILED).functionCounter().count()).isZero();
	}

	@Test
	void restartedWriterStillRetriesWhileTheDatabaseIsDown() throws InterruptedException {
		SwitchableDataSource flaky = new SwitchableDataSource(this.dataSource);
		JdbcAuditSink sink = started(settings(1000, 100, Duration.ofMillis(10)), flaky);
		sink.write(row(0));
		sink.stop();
		sink.start();
		flaky.setReachable(false);

		sink.write(row(1));
		awaitRetries(1);
		flaky.setReachable(true);

		assertThat(sink.flush(Duration.ofSeconds(20))).isTrue();
		assertThat(count()).isEqualTo(2);
		assertThat(this.meters.get(AuditMeters.DROPPED).functionCounter().count()).isZero();
	}

	@Test
	void shutdownDuringAnOutageDropsOnlyTheRowsNotYetWritten() throws InterruptedException {
		SwitchableDataSource flaky = new SwitchableDataSource(this.dataSource);
		JdbcAuditSinkSettings quickShutdown = new JdbcAuditSinkSettings(1000, 100, Duration.ofMillis(10),
				OverflowPolicy.DROP, Duration.ofMillis(50), Duration.ofMillis(300), Duration.ofMillis(50));
		JdbcAuditSink sink = new JdbcAuditSink(BearerSchema.of(flaky), quickShutdown);
		new JdbcAuditSinkMetrics(sink).bindTo(this.meters);
		this.sinks.add(sink);
		sink.write(row(0));
		sink.start();
		assertThat(sink.flush(Duration.ofSeconds(20))).isTrue();
		assertThat(count()).isEqualTo(1);

		// the batch transaction and the first one-by-one insert get through, then the
		// database goes away
		flaky.allowConnections(2);
		sink.write(row(1));
		sink.write(new AuditRecord(Long.MAX_VALUE, AuditEvent.AUTHENTICATED, null, null, Map.of(), T0));
		sink.write(row(3));
		sink.write(row(4));
		awaitRetries(1);
		sink.stop();

		assertThat(count()).isEqualTo(2);
		assertThat(this.meters.get(AuditMeters.WRITTEN).functionCounter().count()).isEqualTo(2);
		assertThat(this.meters.get(AuditMeters.DROPPED).functionCounter().count()).isEqualTo(3);
		assertThat(this.meters.get(AuditMeters.FAILED).functionCounter().count()).isZero();
	}

	@Test
	void unserialisableRowIsCountedFailedOnceEvenWhileTheDatabaseIsDown() throws InterruptedException {
		SwitchableDataSource flaky = new SwitchableDataSource(this.dataSource);
		JdbcAuditSink sink = started(settings(1000, 100, Duration.ofMillis(10)), flaky);
		Map<String, Object> selfReferencing = new HashMap<>();
		selfReferencing.put("self", selfReferencing);
		flaky.setReachable(false);

		sink.write(new AuditRecord(this.tokenId, AuditEvent.AUTHENTICATED, null, null, selfReferencing, T0));
		sink.write(row(1));
		awaitRetries(2);
		flaky.setReachable(true);

		assertThat(sink.flush(Duration.ofSeconds(20))).isTrue();
		assertThat(count()).isEqualTo(1);
		assertThat(this.meters.get(AuditMeters.FAILED).functionCounter().count()).isEqualTo(1);
		assertThat(this.meters.get(AuditMeters.DROPPED).functionCounter().count()).isZero();
	}

	@Test
	void fullQueueDropsNewRowsAndCountsEachOne() {
		JdbcAuditSink sink = new JdbcAuditSink(this.schema, settings(5, 100, Duration.ofMillis(10)));
		new JdbcAuditSinkMetrics(sink).bindTo(this.meters);
		this.sinks.add(sink);

		for (int i = 0; i < 8; i++) {
			sink.write(row(i));
		}
		assertThat(this.meters.get(AuditMeters.DROPPED).functionCounter().count()).isEqualTo(3);
		assertThat(this.meters.get(AuditMeters.QUEUE_DEPTH).gauge().value()).isEqualTo(5);

		sink.start();
		sink.stop();
		assertThat(count()).isEqualTo(5);
	}

	@Test
	void blockPolicyWaitsForRoomThenDrops() {
		JdbcAuditSinkSettings blocking = new JdbcAuditSinkSettings(1, 100, Duration.ofMillis(10), OverflowPolicy.BLOCK,
				Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofMillis(100));
		JdbcAuditSink sink = new JdbcAuditSink(this.schema, blocking);
		new JdbcAuditSinkMetrics(sink).bindTo(this.meters);
		this.sinks.add(sink);

		sink.write(row(0));
		long start = System.nanoTime();
		sink.write(row(1));

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(40));
		assertThat(this.meters.get(AuditMeters.DROPPED).functionCounter().count()).isEqualTo(1);
	}

	@Test
	void rowWrittenTwiceWithTheSameKeyIsStoredOnce() {
		JdbcAuditSink sink = started(settings(100, 10, Duration.ofMillis(10)), this.dataSource);
		AuditRecord record = row(1);

		sink.write(record);
		assertThat(sink.flush(Duration.ofSeconds(20))).isTrue();
		sink.write(record);
		sink.write(row(2));
		assertThat(sink.flush(Duration.ofSeconds(20))).isTrue();

		assertThat(count()).isEqualTo(2);
		assertThat(this.meters.get(AuditMeters.FAILED).functionCounter().count()).isZero();
	}

	@Test
	void rowsArrivingFasterThanTheFlushIntervalAreWrittenInFullBatches() {
		JdbcAuditSink sink = started(settings(10_000, 100, Duration.ofSeconds(10)), this.dataSource);

		for (int i = 0; i < 1_000; i++) {
			sink.write(row(i));
			LockSupport.parkNanos(200_000);
		}
		assertThat(sink.flush(Duration.ofSeconds(30))).isTrue();

		assertThat(count()).isEqualTo(1_000);
		assertThat(this.meters.summary(AuditMeters.BATCH_SIZE).count()).isEqualTo(10);
		assertThat(this.meters.summary(AuditMeters.BATCH_SIZE).max()).isEqualTo(100);
	}

	@Test
	void aLoneRowIsWrittenOnceTheFlushIntervalHasPassed() {
		JdbcAuditSink sink = started(settings(100, 100, Duration.ofMillis(300)), this.dataSource);

		sink.write(row(1));

		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.meters.summary(AuditMeters.BATCH_SIZE).count() > 0 && count() > 0);
		assertThat(count()).isEqualTo(1);
		assertThat(this.meters.summary(AuditMeters.BATCH_SIZE).count()).isEqualTo(1);
	}

	@Test
	void rowWrittenAtOnceAndAgainInABatchIsStoredOnceWhateverItsNanoseconds() {
		JdbcAuditSink sink = started(settings(100, 10, Duration.ofMillis(10)), this.dataSource);
		List<AuditRecord> records = new ArrayList<>();
		for (long nanos : new long[] { 499, 500, 1_500, 2_500, 999_999_500 }) {
			records.add(new AuditRecord(this.tokenId, AuditEvent.AUTHENTICATED, "192.0.2.1", "agent",
					Map.of("nanos", nanos), T0.plusNanos(nanos)));
		}

		records.forEach(sink::writeWithinTransaction);
		records.forEach(sink::write);
		assertThat(sink.flush(Duration.ofSeconds(20))).isTrue();

		assertThat(count()).isEqualTo(records.size());
		assertThat(distinctKeys()).isEqualTo(records.size());
		assertThat(this.meters.get(AuditMeters.FAILED).functionCounter().count()).isZero();
	}

	@Test
	void batchWhoseCommitAcknowledgementWasLostIsRetriedAndStoredOnce() throws InterruptedException {
		SwitchableDataSource flaky = new SwitchableDataSource(this.dataSource);
		JdbcAuditSink sink = new JdbcAuditSink(BearerSchema.of(flaky), settings(1000, 100, Duration.ofMillis(10)));
		new JdbcAuditSinkMetrics(sink).bindTo(this.meters);
		this.sinks.add(sink);
		for (int i = 0; i < 20; i++) {
			sink.write(row(i));
		}
		flaky.loseNextCommitAcknowledgement();

		sink.start();

		assertThat(sink.flush(Duration.ofSeconds(20))).isTrue();
		assertThat(this.meters.get(AuditMeters.RETRIES).functionCounter().count()).isEqualTo(1);
		assertThat(count()).isEqualTo(20);
		assertThat(this.meters.get(AuditMeters.FAILED).functionCounter().count()).isZero();
	}

	@Test
	void rowsOfAnOutageBeyondTheQueueWaitInTheSpoolAndAreWrittenOnceItEnds() throws InterruptedException {
		SwitchableDataSource flaky = new SwitchableDataSource(this.dataSource);
		JdbcAuditSink sink = started(settings(100, 50, Duration.ofMillis(10)).withSpool(this.spoolRoot, 10_000_000),
				flaky);
		flaky.setReachable(false);

		for (int i = 0; i < 2000; i++) {
			sink.write(row(i));
		}
		awaitRetries(1);
		assertThat(count()).isZero();
		assertThat(this.meters.get(AuditMeters.DROPPED).functionCounter().count()).isZero();
		assertThat(sink.status().queueDepth()).isLessThanOrEqualTo(100);
		assertThat(sink.status().spooled()).isPositive();

		flaky.setReachable(true);
		assertThat(sink.flush(Duration.ofSeconds(60))).isTrue();
		assertThat(count()).isEqualTo(2000);
		assertThat(distinctKeys()).isEqualTo(2000);
		assertThat(sink.status().spooled()).isZero();
		assertThat(this.meters.get(AuditMeters.DROPPED).functionCounter().count()).isZero();
	}

	@Test
	void rowsSpooledWhenTheWriterStopsDuringAnOutageAreWrittenByTheNextRun() throws InterruptedException {
		SwitchableDataSource flaky = new SwitchableDataSource(this.dataSource);
		JdbcAuditSinkSettings spooling = settings(1000, 100, Duration.ofMillis(10)).withSpool(this.spoolRoot,
				10_000_000);
		JdbcAuditSink first = started(spooling, flaky);
		flaky.setReachable(false);
		for (int i = 0; i < 300; i++) {
			first.write(row(i));
		}
		awaitRetries(1);
		first.stop();
		assertThat(this.meters.get(AuditMeters.DROPPED).functionCounter().count()).isZero();
		assertThat(first.status().spooled()).isEqualTo(300);

		flaky.setReachable(true);
		JdbcAuditSink next = new JdbcAuditSink(BearerSchema.of(flaky), spooling);
		this.sinks.add(next);
		next.start();

		assertThat(next.flush(Duration.ofSeconds(30))).isTrue();
		assertThat(count()).isEqualTo(300);
		assertThat(distinctKeys()).isEqualTo(300);
	}

	@Test
	void rowsSpooledBeforeTheSameWriterRestartsAreWrittenOnceAfterIt() throws InterruptedException {
		SwitchableDataSource flaky = new SwitchableDataSource(this.dataSource);
		JdbcAuditSink sink = started(settings(1000, 100, Duration.ofMillis(10)).withSpool(this.spoolRoot, 10_000_000),
				flaky);
		flaky.setReachable(false);
		for (int i = 0; i < 120; i++) {
			sink.write(row(i));
		}
		awaitRetries(1);
		sink.stop();
		assertThat(sink.flush(Duration.ofSeconds(1))).as("rows left in the spool belong to the next run").isTrue();

		flaky.setReachable(true);
		sink.start();

		assertThat(sink.flush(Duration.ofSeconds(30))).isTrue();
		assertThat(count()).isEqualTo(120);
		assertThat(sink.status().spooled()).isZero();
		assertThat(this.meters.get(AuditMeters.DROPPED).functionCounter().count()).isZero();
	}

	@Test
	void spoolLeftByAKilledProcessIsReplayedSkippingRowsAlreadyWrittenAndItsCutOffLine() throws Exception {
		JdbcAuditSinkSettings spooling = settings(1000, 100, Duration.ofMillis(10)).withSpool(this.spoolRoot,
				10_000_000);
		List<AuditRecord> rows = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			rows.add(row(i));
		}
		JdbcAuditSink earlier = started(settings(1000, 100, Duration.ofMillis(10)), this.dataSource);
		rows.subList(0, 20).forEach(earlier::write);
		assertThat(earlier.flush(Duration.ofSeconds(20))).isTrue();
		Path slot;
		try (AuditSpool leftOver = new AuditSpool(this.spoolRoot, 10_000_000)) {
			leftOver.open();
			leftOver.append(rows, (record, why) -> {
			});
			slot = leftOver.slot();
		}
		Path segment;
		try (Stream<Path> files = Files.list(slot)) {
			segment = files.filter(file -> file.getFileName().toString().endsWith(".jsonl")).findFirst().orElseThrow();
		}
		Files.writeString(segment, "{\"key\":\"0190", StandardOpenOption.APPEND);

		JdbcAuditSink next = started(spooling, this.dataSource);

		assertThat(next.flush(Duration.ofSeconds(30))).isTrue();
		assertThat(count()).isEqualTo(50);
		assertThat(distinctKeys()).isEqualTo(50);
		assertThat(next.status().dropped()).isEqualTo(1);
		assertThat(next.status().spooled()).isZero();
	}

	@Test
	void rejectPolicyReportsNoRoomOnceTheQueueIsFullAndThereIsNoSpool() {
		JdbcAuditSinkSettings rejecting = new JdbcAuditSinkSettings(2, 100, Duration.ofMillis(10),
				OverflowPolicy.REJECT, Duration.ofMillis(10), Duration.ofSeconds(5), Duration.ofMillis(100));
		JdbcAuditSink sink = new JdbcAuditSink(this.schema, rejecting);
		this.sinks.add(sink);

		sink.write(row(0));
		assertThat(sink.hasRoom()).isTrue();
		sink.write(row(1));
		assertThat(sink.hasRoom()).isFalse();

		sink.start();
		assertThat(sink.flush(Duration.ofSeconds(20))).isTrue();
		assertThat(sink.hasRoom()).isTrue();
		assertThat(count()).isEqualTo(2);
	}

	@Test
	void rowsWrittenAfterShutdownAreCountedAsDropped() {
		JdbcAuditSink sink = started(settings(100, 10, Duration.ofMillis(10)), this.dataSource);
		sink.stop();

		sink.write(row(0));

		assertThat(this.meters.get(AuditMeters.DROPPED).functionCounter().count()).isEqualTo(1);
		assertThat(count()).isZero();
	}

	@Test
	void lastUsedAtIsUpdatedAtMostOncePerResolution() {
		LastUsedRecorder recorder = new LastUsedRecorder(this.schema, Duration.ofSeconds(60), this.clock);

		recorder.recordUse(this.tokenId);
		recorder.flush();
		assertThat(lastUsedAt()).isEqualTo(T0);

		this.clock.advance(Duration.ofSeconds(59));
		recorder.recordUse(this.tokenId);
		recorder.flush();
		assertThat(lastUsedAt()).isEqualTo(T0);

		this.clock.advance(Duration.ofSeconds(1));
		recorder.recordUse(this.tokenId);
		recorder.flush();
		assertThat(lastUsedAt()).isEqualTo(T0.plusSeconds(60));
	}

	@Test
	void lastUsedAtOfAUseDuringAnOutageIsWrittenOnceTheDatabaseReturns() throws Exception {
		SwitchableDataSource flaky = new SwitchableDataSource(this.dataSource);
		LastUsedRecorder recorder = new LastUsedRecorder(BearerSchema.of(flaky), Duration.ofSeconds(60), this.clock);
		flaky.setReachable(false);

		recorder.recordUse(this.tokenId);
		recorder.flush();
		assertThat(lastUsedAt()).isNull();

		flaky.setReachable(true);
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (lastUsedAt() == null && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		assertThat(lastUsedAt()).isEqualTo(T0);
		recorder.destroy();
	}

	@Test
	void recentUseIsRememberedToTheSecond() {
		LastUsedRecorder recorder = new LastUsedRecorder(this.schema, Duration.ofSeconds(60), this.clock);
		Instant start = T0.truncatedTo(ChronoUnit.SECONDS);
		this.clock.set(start);

		recorder.recordUse(this.tokenId);
		this.clock.advance(Duration.ofMillis(999));
		recorder.recordUse(this.tokenId);
		assertThat(recorder.lastUse(this.tokenId)).isEqualTo(start);

		this.clock.advance(Duration.ofMillis(1));
		recorder.recordUse(this.tokenId);
		assertThat(recorder.lastUse(this.tokenId)).isEqualTo(start.plusSeconds(1));
		this.clock.set(start.minusSeconds(5));
		recorder.recordUse(this.tokenId);
		assertThat(recorder.lastUse(this.tokenId)).as("a clock that went back").isEqualTo(start.plusSeconds(1));
		assertThat(recorder.lastUse(this.tokenId + 1)).isNull();
	}

	@Test
	void zeroResolutionUpdatesLastUsedAtOnEveryUse() {
		LastUsedRecorder recorder = new LastUsedRecorder(this.schema, Duration.ZERO, this.clock);

		recorder.recordUse(this.tokenId);
		recorder.flush();
		this.clock.advance(Duration.ofMillis(1));
		recorder.recordUse(this.tokenId);
		recorder.flush();

		assertThat(lastUsedAt()).isEqualTo(T0.plusMillis(1));
	}

	@Test
	void rowWithNulCharactersAndUnpairedSurrogatesIsWritten() {
		JdbcAuditSink sink = started(settings(1000, 100, Duration.ofMillis(20)), this.dataSource);

		sink.write(new AuditRecord(null, AuditEvent.FAILED, "203.0.113.9", "agent\u0000\uD800",
				Map.of("reason", "unknown", "note\u0000", List.of("\uDC00x", "\u0000")), T0));
		sink.stop();

		assertThat(this.usage.query().events(AuditEvent.FAILED).list()).singleElement().satisfies((row) -> {
			assertThat(row.userAgent()).isEqualTo("agent\uFFFD\uFFFD");
			assertThat(row.metadata()).containsEntry("note\uFFFD", List.of("\uFFFDx", "\uFFFD"));
		});
	}

	@Test
	void rowsWithHostileTextAreAllWrittenAndReadBackAsGiven() {
		JdbcAuditSink sink = started(settings(1000, 50, Duration.ofMillis(20)), this.dataSource);
		Map<String, AuditRecord> sent = new HashMap<>();

		Fuzz.check("hostile audit rows", 300, (input) -> {
			AuditMetadata metadata = new AuditMetadata();
			for (int i = input.between(0, 4); i > 0; i--) {
				try {
					metadata.put(input.string(64), input.chance(70) ? input.string(1100) : List.of(input.string(20)));
				}
				catch (IllegalArgumentException ex) {
					assertThat(ex.getMessage()).isNotBlank();
				}
			}
			String ip = "198.18." + (sent.size() / 256) + "." + (sent.size() % 256);
			AuditRecord record = new AuditRecord(null, AuditEvent.FAILED, ip, input.string(600), metadata.asMap(),
					T0.plusMillis(sent.size()));
			sent.put(ip, record);
			sink.write(record);
		});
		sink.stop();

		List<AuditEntry> rows = this.usage.query().events(AuditEvent.FAILED).list();
		assertThat(rows).hasSize(sent.size());
		for (AuditEntry row : rows) {
			AuditRecord record = sent.get(row.ipAddress());
			assertThat(row.userAgent()).isEqualTo(record.userAgent());
			assertThat(row.metadata()).isEqualTo(record.metadata());
		}
	}

	private Instant lastUsedAt() {
		return this.tokenService.find(this.tokenId).orElseThrow().lastUsedAt();
	}

	private AuditRecord row(int i) {
		return new AuditRecord(this.tokenId, AuditEvent.AUTHENTICATED, "192.0.2." + (i % 250), "agent-" + i,
				Map.of("n", i), T0.plusMillis(i));
	}

	private JdbcAuditSink started(JdbcAuditSinkSettings settings, DataSource target) {
		JdbcAuditSink sink = new JdbcAuditSink(BearerSchema.of(target), settings);
		new JdbcAuditSinkMetrics(sink).bindTo(this.meters);
		this.sinks.add(sink);
		sink.start();
		return sink;
	}

	private static JdbcAuditSinkSettings settings(int capacity, int batchSize, Duration flushInterval) {
		return new JdbcAuditSinkSettings(capacity, batchSize, flushInterval, OverflowPolicy.DROP, Duration.ofMillis(50),
				Duration.ofSeconds(10), Duration.ofMillis(100));
	}

	private long count() {
		return this.jdbc.queryForObject("select count(*) from bearer_token_audit_logs", Long.class);
	}

	private long distinctKeys() {
		return this.jdbc.queryForObject("select count(distinct row_key) from bearer_token_audit_logs", Long.class);
	}

	/**
	 * Waits until the writer has met the outage {@code expected} times, so the rows are
	 * known to be waiting.
	 */
	private void awaitRetries(long expected) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (this.meters.get(AuditMeters.RETRIES).functionCounter().count() < expected
				&& System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(this.meters.get(AuditMeters.RETRIES).functionCounter().count()).isGreaterThanOrEqualTo(expected);
	}

}
