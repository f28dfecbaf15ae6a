package io.midwatch.platform;

import java.util.function.Supplier;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a unit of work in a transaction of its own, and runs it again in a fresh transaction when
 * <ul>
 * <li>the engine finds that another transaction changed the same process instance first
 * ({@link OptimisticLockingException}): for example the diagnosis worker locking or completing its external
 * task while a status change correlates the message of R7 to that instance; the next run sees what the other
 * transaction did;</li>
 * <li>the database connection was lost midway ({@link ConnectionLoss}): the pool drops the broken connection
 * and the next run gets another one.</li>
 * </ul>
 * The units run through here are idempotent (a status change, a clone event, an issue's state change, a
 * heartbeat): when a lost connection leaves unknown whether the commit got through, running the unit again
 * finds its result and changes nothing more. When every attempt failed, the last failure is thrown: a
 * collision as a 409, a lost connection as a 503 (see {@link ApiProblems}).
 */
@Component
public class RetryOnConcurrentChange {

    static final int ATTEMPTS = 5;

    private static final Logger log = LoggerFactory.getLogger(RetryOnConcurrentChange.class);

    private final TransactionTemplate transaction;

    public RetryOnConcurrentChange(TransactionTemplate transaction) {
        this.transaction = transaction;
    }

    /**
     * @param what names the work in the log and in the 409 answered when every attempt collided
     */
    public <T> T inTransaction(String what, Supplier<T> work) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // part of the caller's transaction: only the caller can run the whole of it again
            return work.get();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.execute(status -> work.get());
            } catch (OptimisticLockingException concurrentChange) {
                if (attempt == ATTEMPTS) {
                    throw new ConflictException(what + " collided " + ATTEMPTS + " times with concurrent changes of "
                            + "the same process; nothing was changed, try again");
                }
                log.info("{} collided with a concurrent change of the same process (attempt {} of {}), running it "
                        + "again: {}", what, attempt, ATTEMPTS, concurrentChange.getMessage());
            } catch (RuntimeException failure) {
                // the pool has already waited and tried to connect when it timed out: another attempt would wait again
                if (!ConnectionLoss.isTransient(failure) || ConnectionLoss.poolTimedOut(failure)
                        || attempt == ATTEMPTS) {
                    throw failure;
                }
                log.warn("{} lost its database connection (attempt {} of {}), running it again in a fresh "
                        + "transaction: {}", what, attempt, ATTEMPTS, failure.toString());
            }
        }
    }
}
