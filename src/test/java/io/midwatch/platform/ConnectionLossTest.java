package io.midwatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;

import org.apache.ibatis.exceptions.PersistenceException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures count as a transient loss of the database connection: retried, else answered 503. */
class ConnectionLossTest {

    static Stream<Arguments> connectionLosses() {
        return Stream.of(
                Arguments.of("commit on a connection the server closed (08006)",
                        new TransactionSystemException("Could not commit JDBC transaction",
                                sql("An I/O error occurred while sending to the backend.", "08006"))),
                Arguments.of("engine statement on a terminated session (57P01)",
                        new ProcessEngineException("ENGINE-03004 Exception while executing Database Operation",
                                new PersistenceException(sql("FATAL: terminating connection due to administrator "
                                        + "command", "57P01")))),
                Arguments.of("engine batch flush, the real state in the next exception (57P02)",
                        new ProcessEngineException("ENGINE-03083 Exception while executing Batch Database Operations",
                                batch(sql("FATAL: terminating connection due to crash of another server process",
                                        "57P02")))),
                Arguments.of("a server starting up (57P03)",
                        new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                                sql("FATAL: the database system is starting up", "57P03"))),
                Arguments.of("a query on a closed connection (08003)",
                        new DataAccessResourceFailureException("Connection is closed",
                                sql("Connection is closed", "08003"))),
                Arguments.of("a transient resource failure of Spring's (08000)",
                        new TransientDataAccessResourceException("connection failure", sql("failure", "08000"))),
                Arguments.of("no connection from the pool in time",
                        new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
                                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, "
                                        + "request timed out after 30000ms.", "08001"))),
                Arguments.of("the bare JDBC failure (08001)", sql("Connection to localhost:5432 refused", "08001")),
                Arguments.of("a rollback after a failed commit, on a connection the pool found broken",
                        new TransactionSystemException("JDBC rollback failed", sql("Connection is closed", null))),
                Arguments.of("a failed rollback after a terminated session",
                        failedRollbackAfter(new ProcessEngineException("ENGINE-03004",
                                new PersistenceException(sql("FATAL: terminating connection due to administrator "
                                        + "command", "57P01"))))));
    }

    static Stream<Arguments> otherFailures() {
        return Stream.of(
                Arguments.of("a concurrent change of a process",
                        new OptimisticLockingException("ENGINE-03005 Execution of 'UPDATE ExecutionEntity' failed")),
                Arguments.of("a unique constraint (23505)",
                        new DuplicateKeyException("duplicate", sql("duplicate key value", "23505"))),
                Arguments.of("a deadlock (40P01), transient in Spring's sense but not a lost connection",
                        new CannotAcquireLockException("deadlock", sql("deadlock detected", "40P01"))),
                Arguments.of("a cancelled statement (57014), of class 57 but not a shutdown",
                        new QueryTimeoutException("timeout", sql("canceling statement due to statement timeout",
                                "57014"))),
                Arguments.of("a commit failure without a database cause",
                        new TransactionSystemException("Could not roll back JDBC transaction",
                                new IllegalStateException("rollback-only"))),
                Arguments.of("an engine failure without a database cause",
                        new ProcessEngineException("ENGINE-09005 Could not parse BPMN process")),
                Arguments.of("a JDBC failure without a state", new PersistenceException(sql("no state", null))),
                Arguments.of("a failed rollback after a bug",
                        failedRollbackAfter(new IllegalStateException("bug"))),
                Arguments.of("a bug", new IllegalStateException("bug")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectionLosses")
    void aLostOrUnreachableConnectionIsTransient(String what, Throwable failure) {
        // Given a failure of the connection itself, as the driver, the pool, Spring or the engine wrap it

        // When it is judged
        // Then it counts as transient: the work is run again, else answered 503
        assertThat(ConnectionLoss.isTransient(failure)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherFailures")
    void everyOtherFailureIsNotTransient(String what, Throwable failure) {
        // Given a failure that a connection of its own would not make good

        // When it is judged
        // Then it does not count as transient: it is neither run again nor answered 503
        assertThat(ConnectionLoss.isTransient(failure)).isFalse();
    }

    @Test
    void aPoolThatTimedOutIsNotAskedAgainAtOnce() {
        // Given the pool gave no connection in time
        var poolTimedOut = new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available", "08001"));

        // When it is judged
        // Then it counts as a pool that timed out: asking again at once would only wait as long again
        assertThat(ConnectionLoss.poolTimedOut(poolTimedOut)).isTrue();
    }

    @Test
    void aBrokenConnectionIsAskedAgainAtOnce() {
        // Given the server terminated the session of a commit
        var terminated = new TransactionSystemException("Could not commit JDBC transaction",
                sql("FATAL: terminating connection due to administrator command", "57P01"));

        // When it is judged
        // Then it does not count as a pool that timed out: the pool is asked again at once for a fresh connection
        assertThat(ConnectionLoss.poolTimedOut(terminated)).isFalse();
    }

    @Test
    void aCauseChainThatLoopsIsNotTransientAndEndsTheWalk() {
        // Given two failures, each the cause of the other
        var first = new IllegalStateException("first");
        var second = new IllegalStateException("second", first);
        first.initCause(second);

        // When the first is judged
        // Then the walk along the causes ends, and it does not count as transient
        assertThat(ConnectionLoss.isTransient(first)).isFalse();
    }

    private static SQLException sql(String message, String sqlState) {
        return new SQLException(message, sqlState);
    }

    /** What TransactionTemplate throws when the rollback after a failure fails as well. */
    private static TransactionSystemException failedRollbackAfter(Throwable failure) {
        var rollback = new TransactionSystemException("JDBC rollback failed", sql("Rollback failed", null));
        rollback.initApplicationException(failure);
        return rollback;
    }

    /** A batch failure as the driver reports it: without a state, the server's word in its next exception. */
    private static BatchUpdateException batch(SQLException next) {
        var batch = new BatchUpdateException("Batch entry 0 was aborted", null, new int[0]);
        batch.setNextException(next);
        return batch;
    }
}
