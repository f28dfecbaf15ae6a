package io.midwatch.platform;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Makes PostgreSQL plan the statements of the current connection again, for a transaction that makes
 * tables grow by thousands of rows.
 *
 * <p>PostgreSQL keeps the plans of a connection's statements, among them those of the foreign-key checks
 * on every insert into the engine's runtime tables. Planned while those tables were small (a quiet engine,
 * or one whose tables were just vacuumed empty), a check reads the whole referenced table; a pass that
 * starts thousands of issue processes in one transaction then checks each new row by reading all rows
 * before it, in quadratic time: 2,000 issues took 6.4 s instead of 2.9 s (mvn -Pbench test). Plans made
 * again once the tables have grown use their indexes. Nothing to do on other databases.
 */
@Component
public class QueryPlans {

    private final JdbcClient jdbc;
    private final boolean postgres;

    QueryPlans(JdbcClient jdbc, ProcessEngine processEngine) {
        this.jdbc = jdbc;
        this.postgres = "postgres".equals(
                ((ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration()).getDatabaseType());
    }

    /** Called inside the growing transaction, between its batches of rows; it changes no data. */
    public void planAgainForGrownTables() {
        if (postgres) {
            jdbc.sql("DISCARD PLANS").update();
        }
    }
}
