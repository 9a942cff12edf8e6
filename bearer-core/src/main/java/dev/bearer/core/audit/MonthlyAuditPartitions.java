package dev.bearer.core.audit;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.bearer.core.audit.AuditMaintenanceReport.DroppedPartition;
import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.schema.MonthlyPartitionSql;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The monthly partitions of the audit log table on PostgreSQL: creates the partitions of
 * upcoming months and drops those whose every row is older than a cutoff. Each change
 * runs in a transaction that first takes an advisory lock on the table, so nodes doing
 * the same at once take turns and the later one finds the work done.
 */
final class MonthlyAuditPartitions {

	private final BearerSchema schema;

	private final MonthlyPartitionSql sql;

	private final JdbcTemplate jdbc;

	private final TransactionOperations transactions;

	MonthlyAuditPartitions(BearerSchema schema, MonthlyPartitionSql sql) {
		this.schema = schema;
		this.sql = sql;
		this.jdbc = new JdbcTemplate(schema.dataSource());
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(schema.dataSource()));
	}

	/** The default partition, which holds the rows of months without a partition. */
	String defaultPartition() {
		return this.sql.defaultPartition(table());
	}

	/**
	 * Creates the partitions from {@code first} to {@code last} that are missing, in one
	 * transaction.
	 * @return the names of the partitions created
	 */
	List<String> createThrough(YearMonth first, YearMonth last) {
		return this.transactions.execute(status -> {
			lock();
			Map<YearMonth, String> existing = partitionsByMonth();
			List<String> created = new ArrayList<>();
			for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
				if (!existing.containsKey(month)) {
					this.sql.create(table(), month).forEach(this.jdbc::execute);
					created.add(this.sql.partition(table(), month));
				}
			}
			return created;
		});
	}

	/**
	 * Drops, oldest first and each in a transaction of its own, the partitions whose
	 * months end at or before {@code cutoff}, counting their rows first.
	 */
	List<DroppedPartition> dropBefore(Instant cutoff) {
		List<DroppedPartition> dropped = new ArrayList<>();
		for (YearMonth month : partitionsByMonth().keySet()) {
			if (month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).isAfter(cutoff)) {
				break;
			}
			drop(month).ifPresent(dropped::add);
		}
		return dropped;
	}

	/** Drops the partition of {@code month} unless another node has just done so. */
	private Optional<DroppedPartition> drop(YearMonth month) {
		return this.transactions.execute(status -> {
			lock();
			String partition = partitionsByMonth().get(month);
			if (partition == null) {
				return Optional.empty();
			}
			Long rows = this.jdbc.queryForObject("select count(*) from " + partition, Long.class);
			this.jdbc.execute(this.sql.drop(partition));
			return Optional.of(new DroppedPartition(partition, (rows != null) ? rows : 0));
		});
	}

	private void lock() {
		this.jdbc.execute(this.sql.lockTimeout());
		this.jdbc.query(this.sql.lock(), resultSet -> null, table());
	}

	/** Bearer's monthly partitions of the table by month, oldest first. */
	private Map<YearMonth, String> partitionsByMonth() {
		Map<YearMonth, String> partitions = new TreeMap<>(Comparator.naturalOrder());
		for (String name : this.jdbc.queryForList(this.sql.partitions(), String.class, table())) {
			this.sql.month(table(), name).ifPresent(month -> partitions.put(month, name));
		}
		return partitions;
	}

	private String table() {
		return this.schema.auditLogsTable();
	}

}
