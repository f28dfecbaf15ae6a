package io.midwatch.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

import io.midwatch.issue.IssueProcess;

/**
 * Base of the tests that run MidWatch whole, over HTTP, on PostgreSQL. All of them share one
 * application context; each test starts from empty MidWatch tables and no running process.
 * The job executor is off: tests fire timers and jobs by hand.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=false",
        "midwatch.admin.password=" + PostgresIntegrationTest.ADMIN_PASSWORD,
        // as behind a reverse proxy (and MidWatch's default): X-Forwarded-For is read, from named proxies only
        "server.forward-headers-strategy=native",
})
@ContextConfiguration(initializers = PostgresTestDatabase.class)
public abstract class PostgresIntegrationTest {

    /** A password for the tests alone; real set-ups get theirs from MIDWATCH_ADMIN_PASSWORD. */
    public static final String ADMIN_PASSWORD = "Tests-Pa55word";

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
    @Autowired
    protected RepositoryService repositoryService;

    /** The API as the administrator sees it. */
    protected Api api;

    @BeforeEach
    void startFromEmptyTables() {
        await().atMost(Duration.ofMinutes(2)).ignoreExceptions().untilAsserted(() -> {
            deleteAllProcessInstances();
            assertThat(runtimeService.createProcessInstanceQuery().count()).isZero();
        });
        jdbc.sql("DELETE FROM ecc_agent_issue").update();
        jdbc.sql("DELETE FROM instance_clone").update();
        jdbc.sql("DELETE FROM ecc_agent").update();
        jdbc.sql("DELETE FROM sys_user").update();
        jdbc.sql("DELETE FROM servicenow_instance").update();
        api = new Api(anonymous.withBasicAuth("admin", ADMIN_PASSWORD));
    }

    /**
     * Issue processes are suspended while they go, so that the diagnosis worker (which may be working
     * through the tasks of a big pass) neither collides with the deletion nor deadlocks with it.
     */
    private void deleteAllProcessInstances() {
        List<String> ids = runtimeService.createProcessInstanceQuery().list().stream()
                .map(ProcessInstance::getId).toList();
        if (ids.isEmpty()) {
            return;
        }
        repositoryService.updateProcessDefinitionSuspensionState().byProcessDefinitionKey(IssueProcess.PROCESS_KEY)
                .includeProcessInstances(true).suspend();
        try {
            for (int from = 0; from < ids.size(); from += 500) {
                runtimeService.deleteProcessInstances(ids.subList(from, Math.min(from + 500, ids.size())),
                        "test reset", true, true);
            }
        } finally {
            repositoryService.updateProcessDefinitionSuspensionState().byProcessDefinitionKey(IssueProcess.PROCESS_KEY)
                    .includeProcessInstances(true).activate();
        }
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }
}
