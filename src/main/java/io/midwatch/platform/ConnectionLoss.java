package io.midwatch.platform;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Predicate;

import org.springframework.transaction.TransactionSystemException;

/**
 * Recognises a transient loss of the database connection: the server ended MidWatch's session
 * ({@code pg_terminate_backend}, a restart, a fail-over) or could not be reached, and a fresh connection
 * may well work. Whatever wraps the failure (Spring's {@code TransactionSystemException},
 * {@code CannotCreateTransactionException}, {@code DataAccessResourceFailureException},
 * {@code TransientDataAccessException}, Camunda's {@code ProcessEngineException}, MyBatis'
 * {@code PersistenceException}), the database's own word decides: an {@link SQLException} somewhere in the
 * cause chain (or behind a failed rollback) whose SQLState is of class 08 (connection exception) or 57P01
 * to 57P03 (admin shutdown, crash shutdown, cannot connect now), the pool's "Connection is closed" on a connection it found broken,
 * or the pool's {@link SQLTransientConnectionException} (no connection could be had in time). Constraint
 * violations, deadlocks, timeouts of statements and bugs are not transient in this sense.
 */
public final class ConnectionLoss {

    /** What a caller answered 503 is told to wait: long enough for the pool to open fresh connections. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    /** The detail of a 503: the request may or may not have been stored; every write of the API is safe to repeat. */
    public static final String DETAIL = "MidWatch lost its connection to the database, so the request may not have "
            + "been done; send it again in " + RETRY_AFTER.toSeconds() + " seconds";

    private static final Set<String> SERVER_GONE = Set.of("57P01", "57P02", "57P03");

    /** Causes followed at most: a guard against chains that never end. */
    private static final int MAX_DEPTH = 50;

    private ConnectionLoss() {
    }

    /** True when the failure is a transient loss of the database connection (see the class comment). */
    public static boolean isTransient(Throwable failure) {
        return anyCause(failure, cause -> cause instanceof SQLTransientConnectionException
                || cause instanceof SQLException sql && (isConnectionState(sql.getSQLState()) || isClosedByPool(sql)));
    }

    /**
     * True when the pool could hand out no connection within its own timeout: it has waited and tried to
     * connect already, so running the work again at once would only wait as long again.
     */
    static boolean poolTimedOut(Throwable failure) {
        return anyCause(failure, cause -> cause instanceof SQLTransientConnectionException);
    }

    /**
     * HikariCP marks a connection broken when a statement on it fails with a connection SQLState, and from
     * then on every call on it (the rollback after a failed commit, say) fails with this message and no
     * SQLState, while the failure that broke it may be lost: Spring throws the failed rollback, not the
     * failed commit.
     */
    private static final String CLOSED_BY_POOL = "Connection is closed";

    private static boolean isClosedByPool(SQLException failure) {
        return failure.getSQLState() == null && CLOSED_BY_POOL.equals(failure.getMessage());
    }

    private static boolean isConnectionState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || SERVER_GONE.contains(sqlState));
    }

    /**
     * Walks the causes, the next exceptions of every SQLException met (JDBC's batches), and the failure
     * behind a failed rollback: a rollback on a connection the pool has already closed fails with "Connection
     * is closed" and no SQLState, while the failure that made it roll back says why.
     */
    private static boolean anyCause(Throwable failure, Predicate<Throwable> test) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Throwable> toVisit = new ArrayDeque<>();
        if (failure != null) {
            toVisit.add(failure);
        }
        while (!toVisit.isEmpty() && seen.size() < MAX_DEPTH) {
            Throwable cause = toVisit.poll();
            if (!seen.add(cause)) {
                continue;
            }
            if (test.test(cause)) {
                return true;
            }
            if (cause.getCause() != null) {
                toVisit.add(cause.getCause());
            }
            if (cause instanceof SQLException sql && sql.getNextException() != null) {
                toVisit.add(sql.getNextException());
            }
            if (cause instanceof TransactionSystemException rollback && rollback.getApplicationException() != null) {
                toVisit.add(rollback.getApplicationException());
            }
        }
        return false;
    }
}
