package io.countersign.common;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Runs an action once what the current transaction wrote is visible to others. */
public final class AfterCommit {

    private AfterCommit() {
    }

    /**
     * Runs the action after the current transaction commits (never, if it rolls back), or at once when there is no
     * transaction, because then the writes before it were committed as they were made.
     */
    public static void run(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }
}
