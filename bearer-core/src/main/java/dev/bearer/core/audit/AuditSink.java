package dev.bearer.core.audit;

import java.time.Duration;

import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Where audit rows go. Bearer ships {@code jdbc} (asynchronous, batched), {@code log}
 * (SLF4J) and {@code none}; an application bean of this type replaces them (Kafka, an
 * external log system). Request rows arrive through {@link #write}, lifecycle rows
 * (created, rotated, revoked) through {@link #writeWithinTransaction} while the token
 * change's transaction runs. Implementations are called on request threads and must not
 * block them for long.
 */
@FunctionalInterface
public interface AuditSink {

	/** Discards every row: the {@code none} driver. */
	AuditSink NONE = record -> {
	};

	/**
	 * Accepts one row; an accepted row must eventually be written, or be counted and
	 * logged as dropped.
	 */
	void write(AuditRecord record);

	/**
	 * Accepts a row that belongs to the change the current transaction makes (a token
	 * issued, rotated or revoked). By default the row is handed to {@link #write} once
	 * the transaction has committed (at once outside a transaction), so a rolled-back
	 * change leaves no row; a sink that writes into the transaction's own database
	 * overrides this to write the row inside it.
	 */
	default void writeWithinTransaction(AuditRecord record) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			write(record);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				try {
					write(record);
				}
				catch (RuntimeException ex) {
					LoggerFactory.getLogger(AuditSink.class)
						.error("Dropped audit row ({} for token {} at {}) after its change committed",
								record.event().code(), record.tokenId(), record.createdAt(), ex);
				}
			}
		});
	}

	/**
	 * Waits until every row accepted so far has been written, rejected or dropped. Under
	 * steady traffic an asynchronous sink may not become idle within the timeout; sinks
	 * that write synchronously return at once.
	 * @param timeout how long to wait at most
	 * @return {@code true} when nothing accepted is left unwritten, {@code false} on
	 * timeout
	 */
	default boolean flush(Duration timeout) {
		return true;
	}

	/**
	 * Whether a row written now would be kept. {@code false} only for a sink that chose
	 * to refuse requests over losing their rows ({@link OverflowPolicy#REJECT}) and has
	 * no room left; Bearer then answers the request 503 before serving it.
	 */
	default boolean hasRoom() {
		return true;
	}

}
