package io.midwatch.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import io.midwatch.clone.CloneCheckModelElements;
import io.midwatch.servicenow.FakeServiceNow;
import io.midwatch.servicenow.InstancePoller;
import io.midwatch.support.AnotherMidWatch;
import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;
import io.midwatch.support.WebhookReceiver;

/**
 * Operators are told when an issue opens and when it resolves, through the webhooks of
 * {@code midwatch.notify.webhooks}. The shared test context has none, so that the other tests see issue
 * processes without notification jobs: these tests run a second MidWatch on the same database whose one
 * webhook is a local receiver, with its job executor off, and drive its jobs by hand.
 */
@ExtendWith(OutputCaptureExtension.class)
class IssueNotificationTest extends PostgresIntegrationTest {

    /** The part of the webhook's URL that is a secret, as in a Slack webhook. */
    private static final String SECRET_PATH = "/services/T000/B000/Secret-Token-2";
    private static final String LINK_BASE = "https://midwatch.example.com";

    private static WebhookReceiver receiver;
    private static FakeServiceNow serviceNow;
    private static ConfigurableApplicationContext notifying;

    private final ObjectMapper json = new ObjectMapper();
    private Api notifyingApi;
    private ManagementService jobs;
    private RuntimeService runtime;
    private TaskService tasks;
    private IssueFixtures given;

    @BeforeAll
    static void startMidWatchWithAWebhook() {
        receiver = WebhookReceiver.start();
        serviceNow = FakeServiceNow.start();
        notifying = AnotherMidWatch.start("notifying", new String[0],
                "--midwatch.notify.webhooks[0]=" + receiver.url(SECRET_PATH),
                "--midwatch.notify.link-base-url=" + LINK_BASE,
                // an instance to read MID Servers from, polled by hand
                "--midwatch.servicenow.scheduled=false",
                "--midwatch.servicenow.instances[0].name=acmetest",
                "--midwatch.servicenow.instances[0].url=" + serviceNow.url("acmetest"),
                "--midwatch.servicenow.instances[0].user=midwatch.reader",
                "--midwatch.servicenow.instances[0].password=reader-pass",
                "--midwatch.worker.enabled=false",
                "--camunda.bpm.job-execution.enabled=false");
    }

    @AfterAll
    static void stop() {
        if (notifying != null) {
            notifying.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (serviceNow != null) {
            serviceNow.close();
        }
    }

    @BeforeEach
    void fixtures() {
        receiver.reset();
        notifyingApi = AnotherMidWatch.adminApi(notifying);
        jobs = notifying.getBean(ManagementService.class);
        runtime = notifying.getBean(RuntimeService.class);
        tasks = notifying.getBean(TaskService.class);
        given = new IssueFixtures(notifyingApi, runtime, tasks, jobs, notifying.getBean(HistoryService.class));
    }

    @Test
    void anOpenedIssueIsPostedOnceWithItsMidServerUserMessageAndLink() throws Exception {
        // Given a Down MID Server whose issue the first pass logged, diagnosed and waiting in Tasklist
        var open = given.downMidServerWithIssueAndTask("mid-east");

        // When the notification job runs
        jobs.executeJob(notificationJob(open.processInstanceId(), IssueModelElements.TASK_NOTIFY_OPENED).getId());

        // Then the webhook got one message: the MID Server, its user, the issue's message and links to it
        JsonNode issue = given.issue(open.id());
        assertThat(receiver.bodies()).singleElement().satisfies(body -> {
            JsonNode message = json.readTree(body);
            assertThat(message.size()).as("fields of %s", body).isEqualTo(1);
            assertThat(message.get("text").asText())
                    .startsWith("MID Server issue opened: MID Server mid-east, user mid-east.user.")
                    .contains(issue.get("message").asText())
                    .contains(LINK_BASE + "/api/issues/" + open.id())
                    .contains(LINK_BASE + "/camunda/app/cockpit/notifying/#/process-instance/"
                            + open.processInstanceId() + "/runtime");
        });
        // and the issue goes on as before
        assertThat(tasks.createTaskQuery().taskId(open.taskId()).count()).isOne();
        assertThat(issue.get("state").asText()).isEqualTo("New");
    }

    @Test
    void aResolvedIssueIsPostedOnceAndItsProcessEndsAfterwards() throws Exception {
        // Given an open issue whose opening was posted
        var open = given.downMidServerWithIssueAndTask("mid-east");
        jobs.executeJob(notificationJob(open.processInstanceId(), IssueModelElements.TASK_NOTIFY_OPENED).getId());
        receiver.reset();

        // When its MID Server comes Up
        notifyingApi.put("/api/mid-servers/mid-east/status", Map.of("status", "Up"));

        // Then the issue is resolved at once and the task is gone
        assertThat(given.state(open.id())).isEqualTo("Resolved");
        assertThat(tasks.createTaskQuery().processInstanceId(open.processInstanceId()).count()).isZero();
        // and when the notification job runs, the webhook gets one message and the process ends
        jobs.executeJob(notificationJob(open.processInstanceId(), IssueModelElements.TASK_NOTIFY_RESOLVED_ON_UP).getId());
        assertThat(receiver.bodies()).singleElement().satisfies(body ->
                assertThat(json.readTree(body).get("text").asText())
                        .startsWith("MID Server issue resolved: MID Server mid-east, user mid-east.user.")
                        .contains(LINK_BASE + "/api/issues/" + open.id()));
        given.assertEndedAt(open.processInstanceId(), IssueModelElements.END_RESOLVED_BY_MID_SERVER_UP);
    }

    @Test
    void aWebhookThatIsDownLeavesAnIncidentAndNeitherBlocksNorLosesTheIssue(CapturedOutput output) {
        // Given an open issue, and a webhook that answers 500
        var open = given.downMidServerWithIssueAndTask("mid-east");
        receiver.answer(500);

        // When the notification job fails on each of its three tries (R3/PT10S)
        for (int attempt = 1; attempt <= 3; attempt++) {
            String jobId = notificationJob(open.processInstanceId(), IssueModelElements.TASK_NOTIFY_OPENED).getId();
            assertThatThrownBy(() -> jobs.executeJob(jobId)).hasMessageContaining("127.0.0.1 (HTTP 500)");
        }

        // Then Cockpit shows an incident at the notification task, naming the webhook by its host only
        assertThat(runtime.createIncidentQuery().processInstanceId(open.processInstanceId()).list())
                .singleElement().satisfies(incident -> {
                    assertThat(incident.getIncidentType()).isEqualTo(Incident.FAILED_JOB_HANDLER_TYPE);
                    assertThat(incident.getActivityId()).isEqualTo(IssueModelElements.TASK_NOTIFY_OPENED);
                    assertThat(incident.getIncidentMessage()).contains("127.0.0.1 (HTTP 500)")
                            .doesNotContain("Secret-Token-2");
                });
        assertThat(receiver.bodies()).hasSize(3);
        // and the issue and its verification task are still there
        assertThat(given.state(open.id())).isEqualTo("New");
        assertThat(tasks.createTaskQuery().taskId(open.taskId()).count()).isOne();
        // and it still resolves when its MID Server comes Up, which ends the failed notification with it
        notifyingApi.put("/api/mid-servers/mid-east/status", Map.of("status", "Up"));
        assertThat(given.state(open.id())).isEqualTo("Resolved");
        assertThat(runtime.createIncidentQuery().processInstanceId(open.processInstanceId()).count()).isZero();
        // and no log line carries the webhook's secret
        assertThat(output.getAll()).doesNotContain("Secret-Token-2");
    }

    @Test
    void textFromOutside_aMidServerNameFromServiceNowReachesTheWebhookWithItsMarkupAndMentionsEscaped()
            throws Exception {
        // Given a MID Server Down on a ServiceNow instance, named with Slack's and Teams' mention syntax
        FakeServiceNow.Instance instance = serviceNow.fresh("acmetest");
        Instant twoHoursAgo = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        instance.midServer("mid <!channel> & <@U123> <at>Jane</at> @here", "Down", "mid.user", twoHoursAgo);
        String cloneId = instance.clone("acmeprod", "acmetest", "completed", twoHoursAgo.plus(1, ChronoUnit.HOURS));
        notifying.getBean(InstancePoller.class).pollOnce("acmetest");
        // and the issue the clone's first pass opens for it
        String check = notifyingApi.get("/api/clones/" + cloneId).getBody().get("processInstanceId").asText();
        jobs.executeJob(jobs.createJobQuery().processInstanceId(check)
                .activityId(CloneCheckModelElements.TIMER_FIRST_PASS).singleResult().getId());
        JsonNode issue = notifyingApi.get("/api/issues?cloneId=" + cloneId).getBody().get(0);
        String processInstanceId = runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(issue.get("id").asText()).singleResult().getId();

        // When the notification job runs
        jobs.executeJob(notificationJob(processInstanceId, IssueModelElements.TASK_NOTIFY_OPENED).getId());

        // Then the webhook got the name as plain text: markup escaped, no mention left
        assertThat(receiver.bodies()).singleElement().satisfies(body -> {
            String text = json.readTree(body).get("text").asText();
            assertThat(text).contains("MID Server mid &lt;!channel&gt; &amp; &lt;@U123&gt; &lt;at&gt;Jane&lt;/at&gt; "
                            + "@\u200Bhere, user mid.user.")
                    .doesNotContain("<!channel>").doesNotContain("<@U123>").doesNotContain("<at>")
                    .doesNotContain("@here");
        });
    }

    private Job notificationJob(String processInstanceId, String taskId) {
        Job job = jobs.createJobQuery().processInstanceId(processInstanceId).activityId(taskId).singleResult();
        assertThat(job).as("notification job at %s", taskId).isNotNull();
        return job;
    }

}
