package io.midwatch.platform;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * MidWatch nodes that start together on one database set it up one at a time. The engine creates its
 * tables when they are missing, without a lock of its own: two nodes starting on an empty database both
 * try, and one of them fails to start. The administrator, its groups and the Tasklist filter are likewise
 * created by the node that finds them missing, and two nodes would both create them.
 *
 * <p>On PostgreSQL this plugin takes a session-level advisory lock just before the engine looks at its
 * schema and keeps it until this node has started, so the next node finds everything in place. A node that
 * dies meanwhile releases the lock with its connection. H2 is for a single node and needs none.
 * See docs/adr/0006-advisory-start-up-lock.md.
 */
@Component
class StartupLock extends AbstractProcessEnginePlugin implements DisposableBean {

    /** The same on every node: "MidWatch" in ASCII. */
    static final long KEY = 0x4D69645761746368L;

    private static final Logger log = LoggerFactory.getLogger(StartupLock.class);

    private final DataSource dataSource;
    private Connection holder;

    StartupLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** After the engine's configuration is complete and before it creates or checks its tables. */
    @Override
    public synchronized void postInit(ProcessEngineConfigurationImpl configuration) {
        try {
            Connection connection = dataSource.getConnection();
            if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                connection.close();
                return;
            }
            if (!call(connection, "SELECT pg_try_advisory_lock(" + KEY + ")")) {
                log.info("Another MidWatch node is starting on this database: waiting until it has started");
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT pg_advisory_lock(" + KEY + ")");
                }
            }
            holder = connection;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not take the start-up lock of the database", e);
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    public synchronized void release() {
        if (holder == null) {
            return;
        }
        try (Connection connection = holder) {
            holder = null;
            call(connection, "SELECT pg_advisory_unlock(" + KEY + ")");
        } catch (SQLException e) {
            // closing the connection ends the session, and the lock with it
            log.warn("Could not release the start-up lock of the database cleanly: {}", e.getMessage());
        }
    }

    /** A start that fails lets the next node go on. */
    @Override
    public void destroy() {
        release();
    }

    private static boolean call(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            return result.next() && result.getBoolean(1);
        }
    }
}
