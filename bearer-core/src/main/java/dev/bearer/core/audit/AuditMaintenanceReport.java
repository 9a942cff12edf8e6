package dev.bearer.core.audit;

import java.util.List;

/**
 * What one run of {@link AuditLogMaintenance} did.
 *
 * @param createdPartitions the partitions created for upcoming months (PostgreSQL)
 * @param droppedPartitions the partitions dropped whole because all their rows were past
 * the retention (PostgreSQL)
 * @param deletedRows the rows deleted one batch at a time (H2, MySQL, MariaDB; on
 * PostgreSQL, from the default partition)
 * @param deleteStatements the delete statements that removed them
 * @param deletedRollupRows the dated rollup rows (15-minute buckets, hours, IP days)
 * deleted by the rollup retention
 */
public record AuditMaintenanceReport(List<String> createdPartitions, List<DroppedPartition> droppedPartitions,
		long deletedRows, int deleteStatements, long deletedRollupRows) {

	/** A copy of the lists. */
	public AuditMaintenanceReport {
		createdPartitions = List.copyOf(createdPartitions);
		droppedPartitions = List.copyOf(droppedPartitions);
	}

	/**
	 * A partition dropped by retention.
	 *
	 * @param name the partition's table name
	 * @param rows the rows it held when it was dropped
	 */
	public record DroppedPartition(String name, long rows) {

	}

}
