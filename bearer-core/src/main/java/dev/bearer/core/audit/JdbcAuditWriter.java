package dev.bearer.core.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.bearer.core.schema.BearerSchema;
import dev.bearer.core.schema.DatabaseFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The JDBC part of the {@code jdbc} audit driver: inserts audit rows into the audit log
 * table, either as one batch in a transaction of its own (falling back to one row at a
 * time when the database rejects a row) or as one row inside the caller's transaction. In
 * a batch's transaction it also adds the request rows it actually inserted (not those a
 * re-sent batch finds already stored) to the usage rollups ({@link UsageRollups}),
 * counted in memory first; rows written inside the caller's transaction (lifecycle
 * events, which the rollups do not count) are left out. Failures are told apart with
 * Spring's exception translation: the database is unreachable, or it rejected a row.
 */
final class JdbcAuditWriter {

	private static final String COLUMNS = "row_key, token_id, event, ip_address, user_agent, metadata, created_at";

	private static final String VALUES = "?, ?, ?, ?, ?, {json}, ?";

	/**
	 * The unique key of a row: its key and its time, since PostgreSQL's partitioned table
	 * can only hold unique indexes that include the partition key; a re-sent row keeps
	 * its time, so it is still found.
	 */
	private static final String KEY = "row_key, created_at";

	/** The SQL array type of each of {@link #COLUMNS}, for an array insert. */
	private static final List<String> ARRAY_TYPES = List.of("uuid", "bigint", "varchar", "varchar", "varchar", "jsonb",
			"timestamptz");

	/** The element type each of {@link #COLUMNS}' arrays is sent as. */
	private static final List<String> ARRAY_ELEMENT_TYPES = List.of("uuid", "int8", "varchar", "varchar", "varchar",
			"text", "text");

	private static final Logger logger = LoggerFactory.getLogger(JdbcAuditWriter.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final BearerSchema schema;

	private final JdbcTemplate jdbc;

	private final TransactionOperations transactions;

	private final Listener listener;

	private final RollupLedger ledger;

	private volatile String insert;

	private volatile Optional<String> arrayInsert;

	/**
	 * A writer into {@code schema}'s audit log table, reporting outcomes to
	 * {@code listener}.
	 */
	JdbcAuditWriter(BearerSchema schema, Listener listener) {
		this.schema = schema;
		this.jdbc = new JdbcTemplate(schema.dataSource());
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(schema.dataSource()));
		this.listener = listener;
		this.ledger = new RollupLedger(schema, this.jdbc);
	}

	/**
	 * Writes {@code records} in one batch; when the database rejects a row, writes them
	 * one by one so only the rejected rows are lost (each is reported).
	 * @return the rows not written because the database is unreachable (empty when all
	 * were settled)
	 */
	List<AuditRecord> write(List<AuditRecord> records) {
		List<Row> batch = serialised(records);
		long start = System.nanoTime();
		try {
			this.transactions.executeWithoutResult(status -> insertAndRollUp(batch));
			this.listener.written(batch.size(), System.nanoTime() - start);
			return List.of();
		}
		catch (DataAccessException | TransactionException ex) {
			if (DatabaseFailures.isUnreachable(ex)) {
				logger.warn("Database unreachable, {} audit rows wait for a retry: {}", batch.size(), ex.getMessage());
				return batch.stream().map(Row::record).toList();
			}
			return writeOneByOne(batch);
		}
	}

	/**
	 * Inserts {@code record} at once through the current transaction's connection (if a
	 * transaction runs), so the row commits or rolls back with the caller's change.
	 * @throws DataAccessException when the database rejects the row or cannot be reached
	 */
	void writeInCurrentTransaction(AuditRecord record) {
		Row row = new Row(record, json(record));
		this.jdbc.update(insert(), statement -> bind(statement, row));
	}

	private List<AuditRecord> writeOneByOne(List<Row> batch) {
		for (int i = 0; i < batch.size(); i++) {
			Row row = batch.get(i);
			long start = System.nanoTime();
			try {
				this.transactions.executeWithoutResult(status -> insertAndRollUp(List.of(row)));
				this.listener.written(1, System.nanoTime() - start);
			}
			catch (DataAccessException | TransactionException ex) {
				if (DatabaseFailures.isUnreachable(ex)) {
					logger.warn("Database unreachable, {} audit rows wait for a retry: {}", batch.size() - i,
							ex.getMessage());
					return batch.subList(i, batch.size()).stream().map(Row::record).toList();
				}
				this.listener.rejected(row.record(), ex.getMostSpecificCause().getMessage());
			}
		}
		return List.of();
	}

	/**
	 * Inserts {@code rows} (skipping keys already stored) and, under the rollup mark's
	 * lock, adds the request rows this call inserted to the rollups.
	 */
	private void insertAndRollUp(List<Row> rows) {
		Map<UUID, AuditRecord> counted = new LinkedHashMap<>();
		for (Row row : rows) {
			if (UsageRollups.counts(row.record().tokenId(), row.record().event())) {
				counted.put(row.record().rowKey(), row.record());
			}
		}
		long mark = counted.isEmpty() ? 0 : this.ledger.lockMark();
		List<Long> countedIds = arrayInsert().isPresent() ? insertFromArrays(rows, counted)
				: insertAsBatch(rows, counted);
		if (counted.isEmpty()) {
			return;
		}
		RollupCounts counts = new RollupCounts();
		counted.values()
			.forEach(record -> counts.add(record.tokenId(), record.event(), record.ipAddress(), record.createdAt()));
		counts.flush(this.schema, this.jdbc);
		this.ledger.written(mark, countedIds);
	}

	/**
	 * Inserts {@code rows} in one statement that answers which rows it inserted; leaves
	 * in {@code counted} only those it inserted.
	 * @return the ids of the rows left in {@code counted}, ascending
	 */
	private List<Long> insertFromArrays(List<Row> rows, Map<UUID, AuditRecord> counted) {
		Map<UUID, Long> inserted = new HashMap<>();
		this.jdbc.query(connection -> {
			PreparedStatement statement = connection.prepareStatement(arrayInsert().get());
			bindArrays(connection, statement, rows);
			return statement;
		}, (ResultSet resultSet) -> {
			inserted.put(this.schema.dialect().readUuid(resultSet, 2), resultSet.getLong(1));
		});
		counted.keySet().retainAll(inserted.keySet());
		return counted.keySet().stream().map(inserted::get).sorted().toList();
	}

	/**
	 * Reads which of {@code counted} are stored already, inserts {@code rows} as a JDBC
	 * batch, and leaves in {@code counted} only those it inserted.
	 * @return the ids of the rows left in {@code counted}, ascending
	 */
	private List<Long> insertAsBatch(List<Row> rows, Map<UUID, AuditRecord> counted) {
		if (!counted.isEmpty()) {
			this.ledger.storedKeys(counted.keySet()).forEach(counted::remove);
		}
		this.jdbc.batchUpdate(insert(), rows, rows.size(), this::bind);
		return counted.isEmpty() ? List.of() : this.ledger.idsOf(counted.keySet());
	}

	/**
	 * The rows with their metadata as JSON; a row whose metadata cannot be serialised is
	 * rejected.
	 */
	private List<Row> serialised(List<AuditRecord> records) {
		List<Row> rows = new ArrayList<>(records.size());
		for (AuditRecord record : records) {
			try {
				rows.add(new Row(record, json(record)));
			}
			catch (JacksonException ex) {
				this.listener.rejected(record, "its metadata cannot be written as JSON: " + ex.getOriginalMessage());
			}
		}
		return rows;
	}

	private static String json(AuditRecord record) {
		return record.metadata().isEmpty() ? null : JSON.writeValueAsString(record.metadata());
	}

	/**
	 * The insert that skips a row whose key is already stored, completed once the
	 * database's dialect is known.
	 */
	private String insert() {
		String insert = this.insert;
		if (insert == null) {
			insert = this.schema.sql(this.schema.dialect().insertUnlessPresent("{audit_logs}", COLUMNS, VALUES, KEY));
			this.insert = insert;
		}
		return insert;
	}

	/**
	 * The insert of many rows from one array per column, where the database has one,
	 * completed once the database's dialect is known.
	 */
	private Optional<String> arrayInsert() {
		Optional<String> arrayInsert = this.arrayInsert;
		if (arrayInsert == null) {
			arrayInsert = this.schema.dialect()
				.insertArraysUnlessPresent(this.schema.sql("{audit_logs}"), List.of(COLUMNS.split(", ")), ARRAY_TYPES,
						KEY)
				.map(this.schema::sql);
			this.arrayInsert = arrayInsert;
		}
		return arrayInsert;
	}

	private static void bindArrays(Connection connection, PreparedStatement statement, List<Row> rows)
			throws SQLException {
		int size = rows.size();
		UUID[] rowKeys = new UUID[size];
		Long[] tokenIds = new Long[size];
		String[] events = new String[size];
		String[] ipAddresses = new String[size];
		String[] userAgents = new String[size];
		String[] metadata = new String[size];
		String[] createdAt = new String[size];
		for (int i = 0; i < size; i++) {
			AuditRecord record = rows.get(i).record();
			rowKeys[i] = record.rowKey();
			tokenIds[i] = record.tokenId();
			events[i] = record.event().code();
			ipAddresses[i] = record.ipAddress();
			userAgents[i] = record.userAgent();
			metadata[i] = rows.get(i).metadataJson();
			createdAt[i] = MicrosecondTimestamps.format(record.createdAt());
		}
		Object[][] columns = { rowKeys, tokenIds, events, ipAddresses, userAgents, metadata, createdAt };
		for (int i = 0; i < columns.length; i++) {
			statement.setArray(i + 1, connection.createArrayOf(ARRAY_ELEMENT_TYPES.get(i), columns[i]));
		}
	}

	private void bind(PreparedStatement statement, Row row) throws SQLException {
		AuditRecord record = row.record();
		this.schema.dialect().bindUuid(statement, 1, record.rowKey());
		if (record.tokenId() != null) {
			statement.setLong(2, record.tokenId());
		}
		else {
			statement.setNull(2, Types.BIGINT);
		}
		statement.setString(3, record.event().code());
		statement.setString(4, record.ipAddress());
		statement.setString(5, record.userAgent());
		statement.setString(6, row.metadataJson());
		this.schema.dialect().bindInstant(statement, 7, record.createdAt());
	}

	/** What happens to the rows a writer is given. */
	interface Listener {

		/** {@code rows} rows were written in {@code nanos} nanoseconds. */
		void written(int rows, long nanos);

		/** The database rejected {@code record}, or it could not be serialised. */
		void rejected(AuditRecord record, String why);

	}

	/** A record with its metadata already serialised. */
	private record Row(AuditRecord record, String metadataJson) {
	}

}
