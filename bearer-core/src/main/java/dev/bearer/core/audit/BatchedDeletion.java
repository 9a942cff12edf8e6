package dev.bearer.core.audit;

import java.time.Duration;
import java.time.Instant;

import dev.bearer.core.schema.BearerDialect;
import dev.bearer.core.schema.BearerSchema;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementSetter;

/**
 * Deletes the rows of a table older than a cutoff, oldest first where the database can
 * say so, at most a batch of rows per statement with a pause between statements, so no
 * statement holds many locks or a long transaction. A statement that meets another node
 * deleting the same rows (a lock conflict or deadlock) is tried again: deleting what is
 * older than the cutoff gives the same result whoever deletes which row.
 */
final class BatchedDeletion {

	/** How often one statement is tried when it meets another node's deletion. */
	private static final int MAX_ATTEMPTS = 5;

	private final BearerSchema schema;

	private final JdbcTemplate jdbc;

	private final int batchSize;

	private final Duration pause;

	/**
	 * Deletion in {@code schema}'s database in statements of at most {@code batchSize}
	 * rows, {@code pause} apart.
	 */
	BatchedDeletion(BearerSchema schema, int batchSize, Duration pause) {
		this.schema = schema;
		this.jdbc = new JdbcTemplate(schema.dataSource());
		this.batchSize = batchSize;
		this.pause = pause;
	}

	/**
	 * Deletes the rows of {@code table} whose timestamp {@code column} is before
	 * {@code cutoff}, oldest first where the database can say so, until none is left or
	 * the thread is interrupted.
	 */
	Deleted deleteBefore(String table, String column, Instant cutoff) {
		BearerDialect dialect = this.schema.dialect();
		return delete(dialect.deleteBefore(table, column, this.batchSize),
				statement -> dialect.bindInstant(statement, 1, cutoff));
	}

	/**
	 * Deletes the rows of {@code table} whose whole-number {@code column} is below
	 * {@code bound}, in no particular order, until none is left or the thread is
	 * interrupted.
	 */
	Deleted deleteBelow(String table, String column, long bound) {
		return delete(this.schema.dialect().deleteSome(table, column + " < ?", this.batchSize),
				statement -> statement.setLong(1, bound));
	}

	private Deleted delete(String sql, PreparedStatementSetter parameters) {
		long rows = 0;
		int statements = 0;
		int conflicts = 0;
		while (!Thread.currentThread().isInterrupted()) {
			int deleted;
			try {
				deleted = this.jdbc.update(sql, parameters);
			}
			catch (ConcurrencyFailureException ex) {
				if (++conflicts >= MAX_ATTEMPTS) {
					throw ex;
				}
				pause();
				continue;
			}
			conflicts = 0;
			statements++;
			rows += deleted;
			if (deleted < this.batchSize) {
				break;
			}
			pause();
		}
		return new Deleted(rows, statements);
	}

	private void pause() {
		if (this.pause.isZero()) {
			return;
		}
		try {
			Thread.sleep(this.pause.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * What a deletion removed.
	 *
	 * @param rows the rows deleted
	 * @param statements the statements that deleted them
	 */
	record Deleted(long rows, int statements) {

		static final Deleted NONE = new Deleted(0, 0);

	}

}
