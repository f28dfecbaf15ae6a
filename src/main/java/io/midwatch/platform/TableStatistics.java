package io.midwatch.platform;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.camunda.bpm.engine.ProcessEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import jakarta.annotation.PreDestroy;

/**
 * Has PostgreSQL gather fresh planner statistics ({@code ANALYZE}) of the tables that an issue's process
 * and row live in, after a transaction that logged or removed many issues.
 *
 * <p>A pass that logs 2,000 issues adds tens of thousands of rows to the engine's tables; until they are
 * analysed PostgreSQL plans with the statistics of nearly empty tables, and the resolutions that follow the
 * pass ran at half their usual rate. Autovacuum analyses them some time later, or never where it is off.
 *
 * <p>The analysis runs after the commit, on a thread of its own, as one statement that takes each table's
 * lock in turn and only the lock that writers do not wait for; a table that another node is analysing at
 * that moment is skipped ({@code SKIP_LOCKED}). It holds none of the pass's locks and never delays its
 * commit; a transaction that rolls back asks for nothing. Nothing to do on other databases.
 */
@Component
public class TableStatistics {

    /** The tables an issue fills: its row, its process's runtime rows and the history the engine keeps. */
    public static final List<String> TABLES = List.of("ecc_agent_issue",
            "act_ru_execution", "act_ru_task", "act_ru_ext_task", "act_ru_variable", "act_ru_event_subscr",
            "act_ru_identitylink", "act_ru_job",
            "act_hi_procinst", "act_hi_actinst", "act_hi_taskinst", "act_hi_varinst", "act_hi_detail",
            "act_hi_identitylink", "act_hi_ext_task_log");

    private static final Logger log = LoggerFactory.getLogger(TableStatistics.class);

    private final JdbcClient jdbc;
    private final boolean postgres;
    private final int threshold;
    private final ExecutorService analyser = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "midwatch-table-statistics");
        thread.setDaemon(true);
        return thread;
    });
    /** Set while an analysis waits to start: requests meanwhile are served by it (the rows are committed). */
    private final AtomicBoolean waiting = new AtomicBoolean();

    TableStatistics(JdbcClient jdbc, ProcessEngine processEngine, StatisticsProperties properties) {
        this.jdbc = jdbc;
        this.postgres = Databases.isPostgres(processEngine);
        this.threshold = properties.analyzeAfterIssues();
    }

    /**
     * Called inside the transaction that logged or removed {@code issues} issues: when they are at least
     * {@code midwatch.statistics.analyze-after-issues}, the tables are analysed once it has committed.
     */
    public void refreshAfterCommit(int issues) {
        if (!postgres || issues < threshold) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            refresh();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                refresh();
            }
        });
    }

    private void refresh() {
        if (!waiting.compareAndSet(false, true)) {
            return;
        }
        analyser.execute(() -> {
            waiting.set(false);
            try {
                jdbc.sql("ANALYZE (SKIP_LOCKED) " + String.join(", ", TABLES)).update();
                log.info("Analysed {} tables after a change of many issues", TABLES.size());
            } catch (RuntimeException e) {
                // statistics only speed things up: the next large change or autovacuum tries again
                log.warn("Could not analyse the issue tables: {}", e.getMessage());
            }
        });
    }

    @PreDestroy
    void stop() {
        analyser.shutdownNow();
    }
}
