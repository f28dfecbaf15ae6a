package io.midwatch.platform;

import java.util.function.Supplier;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a transactional piece of work again when the engine detects a concurrent update of the same
 * process instance (for example a status change that resolves an issue while its diagnosis completes).
 * The work must start its own transaction, so that each attempt sees the other's committed result.
 */
public final class ConcurrentUpdates {

    private static final Logger log = LoggerFactory.getLogger(ConcurrentUpdates.class);
    private static final int ATTEMPTS = 3;

    private ConcurrentUpdates() {
    }

    public static <T> T retry(Supplier<T> transactionalWork) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactionalWork.get();
            } catch (OptimisticLockingException concurrentUpdate) {
                if (attempt == ATTEMPTS) {
                    throw concurrentUpdate;
                }
                log.debug("Concurrent update, attempt {} of {}: {}", attempt, ATTEMPTS, concurrentUpdate.getMessage());
            }
        }
    }
}
