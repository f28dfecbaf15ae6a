package io.midwatch.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.rest.impl.FetchAndLockHandlerRevival;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

/**
 * Base of the tests that run MidWatch whole, over HTTP, on PostgreSQL. All of them share one
 * application context; each test starts from empty MidWatch tables and no running process.
 * The job executor is off: tests fire timers and jobs by hand.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=false",
        "midwatch.admin.password=" + PostgresIntegrationTest.ADMIN_PASSWORD,
})
@ContextConfiguration(initializers = PostgresTestDatabase.class)
public abstract class PostgresIntegrationTest {

    /** A password for the tests alone; real set-ups get theirs from MIDWATCH_ADMIN_PASSWORD. */
    public static final String ADMIN_PASSWORD = "test-admin-password";

    @Autowired
    protected TestRestTemplate anonymous;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected RuntimeService runtimeService;
    @Autowired
    protected TaskService taskService;
    @Autowired
    protected ManagementService managementService;
    @Autowired
    protected HistoryService historyService;

    /** The API as the administrator sees it. */
    protected Api api;

    @BeforeEach
    void startFromEmptyTables() {
        // a MidWatch context closed by an earlier test stopped the JVM's one long-polling handler for all
        FetchAndLockHandlerRevival.ensureRunning();
        // the diagnosis worker may be completing a task of an instance being deleted: retry until none is left
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            runtimeService.createProcessInstanceQuery().list().forEach(instance -> {
                try {
                    runtimeService.deleteProcessInstance(instance.getId(), "test reset", true, true);
                } catch (ProcessEngineException changedMeanwhile) {
                    // deleted on the next round
                }
            });
            assertThat(runtimeService.createProcessInstanceQuery().count()).isZero();
        });
        jdbc.sql("DELETE FROM ecc_agent_issue").update();
        jdbc.sql("DELETE FROM instance_clone").update();
        jdbc.sql("DELETE FROM ecc_agent").update();
        jdbc.sql("DELETE FROM sys_user").update();
        api = new Api(anonymous.withBasicAuth("admin", ADMIN_PASSWORD));
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
