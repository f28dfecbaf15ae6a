package io.midwatch.platform;

import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Makes PostgreSQL plan the statements of the current connection again, for a transaction that makes
 * tables grow by thousands of rows: the foreign-key checks of the engine's tables keep plans made while
 * the tables were small, which read every earlier row for each new one; plans made again use the indexes.
 * Nothing to do on other databases. See docs/adr/0002-discard-plans-between-batches.md.
 */
@Component
public class QueryPlans {

    private final JdbcClient jdbc;
    private final boolean postgres;

    QueryPlans(JdbcClient jdbc, ProcessEngine processEngine) {
        this.jdbc = jdbc;
        this.postgres = Databases.isPostgres(processEngine);
    }

    /** Called inside the growing transaction, between its batches of rows; it changes no data. */
    public void planAgainForGrownTables() {
        if (postgres) {
            jdbc.sql("DISCARD PLANS").update();
        }
    }
}
