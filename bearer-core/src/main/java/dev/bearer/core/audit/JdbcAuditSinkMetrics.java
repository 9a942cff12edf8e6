package dev.bearer.core.audit;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/** Binds the {@link AuditMeters} of a {@link JdbcAuditSink} to a Micrometer registry. */
public final class JdbcAuditSinkMetrics implements MeterBinder {

	private final JdbcAuditSink sink;

	/** Metrics of {@code sink}. */
	public JdbcAuditSinkMetrics(JdbcAuditSink sink) {
		this.sink = sink;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(AuditMeters.QUEUE_DEPTH, this.sink, JdbcAuditSink::pending)
			.description("Audit rows waiting to be written")
			.register(registry);
		FunctionCounter.builder(AuditMeters.WRITTEN, this.sink, sink -> sink.status().written())
			.description("Audit rows written")
			.register(registry);
		FunctionCounter.builder(AuditMeters.DROPPED, this.sink, sink -> sink.status().dropped())
			.description("Audit rows dropped")
			.register(registry);
		FunctionCounter.builder(AuditMeters.FAILED, this.sink, sink -> sink.status().failed())
			.description("Audit rows rejected by the database")
			.register(registry);
		FunctionCounter.builder(AuditMeters.RETRIES, this.sink, sink -> sink.status().retries())
			.description("Audit batches retried because the database was unreachable")
			.register(registry);
		Gauge.builder(AuditMeters.SPOOL_ROWS, this.sink, sink -> sink.status().spooled())
			.description("Audit rows waiting in the spool on disk")
			.register(registry);
		Gauge.builder(AuditMeters.SPOOL_BYTES, this.sink, sink -> sink.status().spoolBytes())
			.description("Bytes the audit spool takes on disk")
			.baseUnit("bytes")
			.register(registry);
		DistributionSummary batchSizes = DistributionSummary.builder(AuditMeters.BATCH_SIZE)
			.description("Audit rows per batch")
			.register(registry);
		Timer flushes = Timer.builder(AuditMeters.FLUSH)
			.description("Time to write one audit batch")
			.register(registry);
		this.sink.observeBatches((rows, nanos) -> {
			batchSizes.record(rows);
			flushes.record(nanos, TimeUnit.NANOSECONDS);
		});
	}

}
