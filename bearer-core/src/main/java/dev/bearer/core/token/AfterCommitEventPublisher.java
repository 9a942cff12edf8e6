package dev.bearer.core.token;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Publishes application events (and runs other actions) once the surrounding transaction
 * has committed, or at once outside one.
 */
public final class AfterCommitEventPublisher {

	private final ApplicationEventPublisher delegate;

	/** Publishes through {@code delegate}. */
	public AfterCommitEventPublisher(ApplicationEventPublisher delegate) {
		this.delegate = delegate;
	}

	/**
	 * Publishes {@code event} after commit; a rolled-back transaction publishes nothing.
	 */
	public void publish(Object event) {
		runAfterCommit(() -> this.delegate.publishEvent(event));
	}

	/**
	 * Runs {@code action} once the surrounding transaction has committed, or at once
	 * outside one.
	 */
	public void runAfterCommit(Runnable action) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			action.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				action.run();
			}
		});
	}

}
