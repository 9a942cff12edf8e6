package dev.bearer.spring.actuate;

import java.util.Objects;

import dev.bearer.core.audit.AuditSink;
import dev.bearer.core.audit.AuditWriterStatus;
import dev.bearer.core.audit.JdbcAuditSink;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code bearer} health indicator: whether the audit writer keeps up. With the
 * {@code jdbc} driver it is DOWN while the writer cannot reach the database and its queue
 * holds at least the threshold's share of its capacity (rows are about to be dropped),
 * and DOWN when the writer is not running while the application accepts traffic;
 * otherwise UP. Any other sink is UP.
 */
public class BearerHealthIndicator extends AbstractHealthIndicator {

	private final AuditSink auditSink;

	private final String auditSinkName;

	private final double queueThreshold;

	private final ApplicationAvailability availability;

	/**
	 * An indicator watching {@code auditSink}.
	 * @param auditSink the audit sink; only a {@link JdbcAuditSink} can be DOWN
	 * @param auditSinkName how to name the sink in the details
	 * @param queueThreshold the share of the queue's capacity, from 0 to 1, at which an
	 * unreachable database makes the indicator DOWN
	 * @param availability tells whether the application accepts traffic
	 */
	public BearerHealthIndicator(AuditSink auditSink, String auditSinkName, double queueThreshold,
			ApplicationAvailability availability) {
		super("Bearer health check failed");
		if (!(queueThreshold >= 0 && queueThreshold <= 1)) {
			throw new IllegalArgumentException(
					"bearer.audit.health.queue-threshold must be between 0 and 1 (was " + queueThreshold + ")");
		}
		this.auditSink = Objects.requireNonNull(auditSink, "auditSink must not be null");
		this.auditSinkName = Objects.requireNonNull(auditSinkName, "auditSinkName must not be null");
		this.queueThreshold = queueThreshold;
		this.availability = Objects.requireNonNull(availability, "availability must not be null");
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("sink", this.auditSinkName);
		if (!(this.auditSink instanceof JdbcAuditSink jdbc)) {
			builder.up();
			return;
		}
		AuditWriterStatus status = jdbc.status();
		int thresholdRows = (int) Math.ceil(this.queueThreshold * status.queueCapacity());
		builder.withDetail("running", status.running())
			.withDetail("queueDepth", status.queueDepth())
			.withDetail("queueCapacity", status.queueCapacity())
			.withDetail("queueThreshold", thresholdRows)
			.withDetail("unreachableFor", status.unreachableFor())
			.withDetail("spooled", status.spooled());
		if (!status.running() && this.availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC) {
			builder.down().withDetail("reason", "the audit writer is not running");
		}
		else if (status.unreachable() && status.queueDepth() >= thresholdRows) {
			builder.down().withDetail("reason", "the database is unreachable and the audit queue is filling up");
		}
		else {
			builder.up();
		}
	}

}
