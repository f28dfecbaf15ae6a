package io.midwatch.issue.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricExternalTaskLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.midwatch.issue.DiagnosisWorkerAccount;
import io.midwatch.issue.IssueFixtures;
import io.midwatch.security.Accounts;
import io.midwatch.support.AnotherMidWatch;
import io.midwatch.support.Api;
import io.midwatch.support.PostgresTestDatabase;

/**
 * R11 with the worker run as a process of its own ({@link DiagnosisWorkerMain}): the external-task-client
 * starter's subscription, against a MidWatch that runs no worker itself, on a database of their own (the
 * shared context's worker would otherwise take the task).
 */
class StandaloneDiagnosisWorkerTest {

    private static final String ENGINE = "standalone";
    private static final String WORKER_ID = "standalone-worker";

    private static ConfigurableApplicationContext midWatch;
    private static ConfigurableApplicationContext worker;

    @BeforeAll
    static void startMidWatchWithoutItsOwnWorker() {
        midWatch = AnotherMidWatch.startOn(PostgresTestDatabase.freshDatabase("worker"), PostgresTestDatabase.user(),
                PostgresTestDatabase.password(), ENGINE, new String[0],
                "--midwatch.worker.enabled=false", "--camunda.bpm.job-execution.enabled=false");
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        midWatch.close();
    }

    @Test
    void R11_theWorkerRunAsAProcessOfItsOwnDiagnosesTheIssue() {
        // Given a Down MID Server whose user lacks the role mid_server, and the issue a clone's first pass logged
        String url = AnotherMidWatch.url(midWatch);
        Api api = AnotherMidWatch.adminApi(midWatch);
        var given = new IssueFixtures(api, midWatch.getBean(RuntimeService.class), midWatch.getBean(TaskService.class),
                midWatch.getBean(ManagementService.class), midWatch.getBean(HistoryService.class));
        given.user("mid.west.user", true, false, "itil");
        given.midServer("mid-west", "mid.west.user", "Down");
        given.cloneAndFirstPass();

        // When the worker starts as a process of its own, with the account a worker has
        DiagnosisWorkerAccount.Credentials account = midWatch.getBean(Accounts.class).inProcessWorker();
        worker = DiagnosisWorkerMain.start("--" + DiagnosisWorkerMain.URL + "=" + url,
                "--" + DiagnosisWorkerMain.USER + "=" + account.user(),
                "--" + DiagnosisWorkerMain.PASSWORD + "=" + account.password(),
                // this JVM holds other engines too: address this MidWatch's by name
                "--camunda.bpm.client.base-url=" + url + "/engine-rest/engine/" + ENGINE,
                "--camunda.bpm.client.worker-id=" + WORKER_ID);

        // Then it records its diagnosis on the issue
        await().atMost(IssueFixtures.PATIENCE).until(() -> !given.onlyIssueOf("mid-west").get("diagnosis").isNull());
        assertThat(given.onlyIssueOf("mid-west").get("diagnosis").asText())
                .isEqualTo("User 'mid.west.user' lacks the role mid_server: grant it.");
        // and the engine's log names it as the worker that completed the task
        assertThat(midWatch.getBean(HistoryService.class).createHistoricExternalTaskLogQuery().successLog().list())
                .extracting(HistoricExternalTaskLog::getWorkerId).containsExactly(WORKER_ID);
    }
}
