package io.midwatch.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;

import io.midwatch.clone.CloneCheckModelElements;
import io.midwatch.clone.CloneCheckProcess;
import io.midwatch.issue.IssueRetentionModelElements;
import io.midwatch.issue.IssueRetentionProcess;
import io.midwatch.servicenow.FakeServiceNow;
import io.midwatch.servicenow.InstancePoller;
import io.midwatch.support.AnotherMidWatch;
import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;
import io.midwatch.support.TestAccounts;
import io.midwatch.support.WebhookReceiver;

/**
 * The forecast of a scheduled clone, read from a fake ServiceNow: the source {@code acmeprod} holds the clone
 * record, its users and data preservers, the target {@code acmetest} its MID Servers and users. A MidWatch node
 * configured with both instances polls them and runs the forecast's jobs, driven by hand.
 */
class CloneForecastTest extends PostgresIntegrationTest {

    private static final Instant TOMORROW = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);

    private static FakeServiceNow fake;
    private static WebhookReceiver webhook;
    private static ConfigurableApplicationContext node;

    @Autowired
    private ForecastService forecasts;
    @Autowired
    private IdentityService identityService;

    private FakeServiceNow.Instance prod;
    private FakeServiceNow.Instance test;
    private Api nodeApi;

    @BeforeAll
    static void start() {
        fake = FakeServiceNow.start();
        webhook = WebhookReceiver.start();
        node = AnotherMidWatch.start("forecast", new String[0],
                "--midwatch.worker.enabled=false", "--camunda.bpm.job-execution.enabled=false",
                "--midwatch.servicenow.scheduled=false",
                "--midwatch.servicenow.instances[0].name=acmeprod",
                "--midwatch.servicenow.instances[0].url=" + fake.url("acmeprod"),
                "--midwatch.servicenow.instances[0].user=midwatch.reader",
                "--midwatch.servicenow.instances[0].password=reader-pass",
                "--midwatch.servicenow.instances[1].name=acmetest",
                "--midwatch.servicenow.instances[1].url=" + fake.url("acmetest"),
                "--midwatch.servicenow.instances[1].user=midwatch.reader",
                "--midwatch.servicenow.instances[1].password=reader-pass",
                "--midwatch.notify.webhooks[0]=" + webhook.url("/forecast-hook"));
    }

    @AfterAll
    static void stop() {
        node.close();
        webhook.close();
        fake.close();
    }

    @BeforeEach
    void twoInstances() {
        jdbc.sql("DELETE FROM clone_forecast").update();
        prod = fake.fresh("acmeprod");
        test = fake.fresh("acmetest");
        webhook.reset();
        nodeApi = AnotherMidWatch.adminApi(node);
    }

    // --- verdicts

    @Test
    void aUserThatDoesNotExistOnTheSourceWillFail() {
        // Given MID Server mid-1 of acmetest logs in as mid.user, which acmeprod does not have
        targetUser("mid.user", Map.of());

        // When a clone of acmeprod onto acmetest is scheduled and its forecast computed
        JsonNode forecast = forecastOfAScheduledClone();

        // Then mid-1 will fail, because the user is missing on the source
        assertThat(verdict(forecast)).isEqualTo("WillFail");
        assertThat(reasons(forecast)).containsExactly("User 'mid.user' does not exist on the source acmeprod: the "
                + "clone removes it from acmetest.");
    }

    @Test
    void aUserInactiveOnTheSourceWillFail() {
        // Given the source's mid.user is inactive
        bothUsers(Map.of("active", "false"), "mid_server");

        // When the forecast is computed
        JsonNode forecast = forecastOfAScheduledClone();

        // Then mid-1 will fail, for that reason alone
        assertThat(verdict(forecast)).isEqualTo("WillFail");
        assertThat(reasons(forecast)).singleElement().asString().contains("is inactive on the source acmeprod");
    }

    @Test
    void aUserLockedOutOnTheSourceWillFail() {
        // Given the source's mid.user is locked out
        bothUsers(Map.of("locked_out", "true"), "mid_server");

        // When the forecast is computed
        JsonNode forecast = forecastOfAScheduledClone();

        // Then mid-1 will fail, for that reason alone
        assertThat(verdict(forecast)).isEqualTo("WillFail");
        assertThat(reasons(forecast)).singleElement().asString().contains("is locked out on the source acmeprod");
    }

    @Test
    void aUserThatMustResetItsPasswordOnTheSourceWillFail() {
        // Given the source's mid.user must reset its password
        bothUsers(Map.of("password_needs_reset", "true"), "mid_server");

        // When the forecast is computed
        JsonNode forecast = forecastOfAScheduledClone();

        // Then mid-1 will fail, for that reason alone
        assertThat(verdict(forecast)).isEqualTo("WillFail");
        assertThat(reasons(forecast)).singleElement().asString()
                .contains("must reset its password on the source acmeprod");
    }

    @Test
    void aUserLackingTheMidServerRoleOnTheSourceWillFail() {
        // Given the source's mid.user has itil but not mid_server
        bothUsers(Map.of(), "itil");

        // When the forecast is computed
        JsonNode forecast = forecastOfAScheduledClone();

        // Then mid-1 will fail, for that reason alone
        assertThat(verdict(forecast)).isEqualTo("WillFail");
        assertThat(reasons(forecast)).singleElement().asString()
                .contains("lacks the role mid_server on the source acmeprod");
    }

    @Test
    void aUserLeftAloneOnBothSidesSinceTheLastCloneIsUnchanged() {
        // Given the same record of mid.user on both instances: same sys_id, update count and time, same roles
        String sysId = prod.sysUser("mid.user", Map.of(), "mid_server");
        targetUser("mid.user", Map.of("sys_id", sysId), "mid_server");

        // When the forecast is computed
        JsonNode forecast = forecastOfAScheduledClone();

        // Then mid-1 is Unchanged: the clone brings back what acmetest has
        assertThat(verdict(forecast)).isEqualTo("Unchanged");
        assertThat(forecast.get("unchanged").asInt()).isEqualTo(1);
    }

    @Test
    void aUserChangedOnTheTargetSinceTheLastCloneIsAtRiskForItsPasswordCannotBeCompared() {
        // Given mid.user of acmetest is the same record, updated there since the last clone
        String sysId = prod.sysUser("mid.user", Map.of(), "mid_server");
        targetUser("mid.user", Map.of("sys_id", sysId, "sys_mod_count", "2",
                "sys_updated_on", "2026-02-01 00:00:00"), "mid_server");

        // When the forecast is computed
        JsonNode forecast = forecastOfAScheduledClone();

        // Then mid-1 is AtRisk, and the forecast says what it cannot know
        assertThat(verdict(forecast)).isEqualTo("AtRisk");
        assertThat(reasons(forecast)).singleElement().asString()
                .contains("its password cannot be read or compared through the Table API");
    }

    @Test
    void aForecastOfAWholeFleetAsksEachInstanceForItsUsersAHundredAtATime() {
        // Given 250 MID Servers of acmetest, the users of the first 50 lacking the role mid_server on acmeprod,
        // the others the same records on both instances
        fleet(250, "mid-", 50);
        String cloneId = scheduleClone();
        poller().pollOnce("acmetest");
        poller().pollOnce("acmeprod");
        long sourceUserReads = prod.requestsTo("sys_user");
        long sourceRoleReads = prod.requestsTo("sys_user_has_role");
        long targetUserReads = test.requestsTo("sys_user");

        // When its forecast is computed
        runJob(cloneId, "Task_ComputeForecast");

        // Then each instance was asked for the users in three requests per table, not one per MID Server
        assertThat(prod.requestsTo("sys_user") - sourceUserReads).isEqualTo(3);
        assertThat(prod.requestsTo("sys_user_has_role") - sourceRoleReads).isEqualTo(3);
        assertThat(test.requestsTo("sys_user") - targetUserReads).isEqualTo(3);
        // and every MID Server has its own verdict
        JsonNode forecast = forecast(cloneId);
        assertThat(forecast.get("midServers")).hasSize(250);
        assertThat(verdict(forecast, "mid-1")).isEqualTo("WillFail");
        assertThat(verdict(forecast, "mid-50")).isEqualTo("WillFail");
        assertThat(verdict(forecast, "mid-51")).isEqualTo("Unchanged");
        assertThat(verdict(forecast, "mid-250")).isEqualTo("Unchanged");
        assertThat(forecast.get("unchanged").asInt()).isEqualTo(200);
    }

    @Test
    void aTaskListsTheMidServersToPrepareThatFitInItAndTheApiTheRest() {
        // Given 150 MID Servers of acmetest with long names, whose users all lack the role mid_server on acmeprod
        String prefix = "frankfurt-datacenter-rack-07-mid-server-";
        fleet(150, prefix, 150);
        String cloneId = scheduleClone();

        // When the forecast is computed and the team told
        JsonNode forecast = computed(cloneId);
        runJob(cloneId, "Task_NotifyTeam");

        // Then all 150 will fail
        assertThat(forecast.get("willFail").asInt()).isEqualTo(150);
        // and mid_admin's task lists the first of them with why and what to do, within what a task keeps,
        // and says where the others are listed
        Task task = node.getBean(org.camunda.bpm.engine.TaskService.class).createTaskQuery()
                .processInstanceBusinessKey(cloneId).singleResult();
        assertThat(task.getDescription()).hasSizeLessThanOrEqualTo(4000)
                .contains("150 MID Server(s) will lose their login unless prepared")
                .contains(prefix + "1 (user mid.user.1): WillFail")
                .containsPattern("\\.\\.\\. and \\d+ more MID Server\\(s\\) to prepare: GET /api/forecasts/"
                        + cloneId + " lists each with its reasons and remedies");
        // and the webhook was told the same
        assertThat(webhook.bodies()).singleElement().asString()
                .contains(prefix + "1 (user mid.user.1): WillFail").contains("more MID Server(s) to prepare");
    }

    @Test
    void aUserThatPreserversKeepWithAllItsRolesIsPreservedEvenWhenTheSourcesCopyWouldFail() {
        // Given acmeprod's mid.user is locked out, and acmeprod preserves the integration department's users
        // and their role grants (no clone profile: every preserver applies)
        bothUsers(Map.of("locked_out", "true", "department", "integration"), "mid_server");
        prod.preserver("Integration users", "sys_user", "department=integration");
        prod.preserver("Integration roles", "sys_user_has_role", "user.department=integration");

        // When the forecast is computed
        JsonNode forecast = forecastOfAScheduledClone();

        // Then mid-1 is Preserved: the target keeps its own user and roles
        assertThat(verdict(forecast)).isEqualTo("Preserved");
        assertThat(reasons(forecast)).singleElement().asString()
                .contains("'Integration users', 'Integration roles' on acmeprod keep user 'mid.user'");
    }

    @Test
    void aPreserverOfTheClonesProfileKeepsTheUserAndOneOutsideTheProfileDoesNot() {
        // Given two MID Servers, the department of each preserved by its own pair of preservers, of which only
        // the first pair is in the clone's profile
        test.midServer("mid-2", "Up", "mid.other", Instant.now().minus(Duration.ofHours(2)));
        bothUsers(Map.of("department", "integration"), "mid_server");
        prod.sysUser("mid.other", Map.of("department", "other"), "mid_server");
        targetUser("mid.other", Map.of("department", "other"), "mid_server");
        String users = prod.preserver("Integration users", "sys_user", "department=integration");
        String roles = prod.preserver("Integration roles", "sys_user_has_role", "user.department=integration");
        prod.preserver("Other users", "sys_user", "department=other");
        prod.preserver("Other roles", "sys_user_has_role", "user.department=other");
        String profile = prod.record("clone_profile", Map.of("name", "Keep integrations"));
        prod.record("clone_profile_preservers", Map.of("profile", profile, "preserver", users));
        prod.record("clone_profile_preservers", Map.of("profile", profile, "preserver", roles));

        // When a clone with that profile is scheduled and its forecast computed
        JsonNode forecast = computed(prod.scheduledClone("acmeprod", "acmetest", "Scheduled", TOMORROW, profile));

        // Then the profile's preservers keep mid.user; mid.other's are not applied by this clone
        assertThat(verdict(forecast, "mid-1")).isEqualTo("Preserved");
        assertThat(verdict(forecast, "mid-2")).isEqualTo("AtRisk");
    }

    @Test
    void aPreserverAddedBeforeARecomputationTurnsAtRiskIntoPreserved() {
        // Given a forecast in which mid-1 is AtRisk
        bothUsers(Map.of("department", "integration"), "mid_server");
        String cloneId = scheduleClone();
        assertThat(verdict(computed(cloneId))).isEqualTo("AtRisk");

        // When the team adds preservers on acmeprod and an operator asks for a recomputation
        prod.preserver("Integration users", "sys_user", "department=integration");
        prod.preserver("Integration roles", "sys_user_has_role", "user.department=integration");
        TestAccounts.ensure(identityService);
        var answer = operatorOnTheNode().post("/api/forecasts/" + cloneId + "/recompute", null);

        // Then mid-1 is Preserved
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(verdict(answer.getBody())).isEqualTo("Preserved");
        assertThat(answer.getBody().get("atRisk").asInt()).isZero();
    }

    // --- the process

    @Test
    void aMidServerAtRiskAsksMidAdminsToPrepareItsUserAndTellsTheWebhook() {
        // Given a forecast in which mid-1 is AtRisk
        bothUsers(Map.of(), "mid_server");
        String cloneId = scheduleClone();
        computed(cloneId);

        // When the notification runs
        runJob(cloneId, "Task_NotifyTeam");

        // Then mid_admin has a task naming the clone, with the MID Server, why and what to do
        Task task = node.getBean(org.camunda.bpm.engine.TaskService.class).createTaskQuery()
                .processInstanceBusinessKey(cloneId).singleResult();
        assertThat(task.getName()).isEqualTo("Prepare MID Server users before clone acmeprod → acmetest at "
                + ForecastService.SHOWN.format(TOMORROW));
        assertThat(taskService.getIdentityLinksForTask(task.getId())).extracting(IdentityLink::getGroupId)
                .contains("mid_admin");
        assertThat(task.getDescription()).contains("mid-1 (user mid.user): AtRisk")
                .contains("Remedy: Set the password of user 'mid.user' on acmeprod")
                .contains("add a data preserver on acmeprod for table sys_user");
        // and the webhook was told the same
        assertThat(webhook.bodies()).singleElement().asString()
                .contains("MID Servers to prepare before clone acmeprod → acmetest")
                .contains("mid-1 (user mid.user): AtRisk").contains("/api/forecasts/" + cloneId);
    }

    @Test
    void aRiskThatFirstAppearsAtARecomputationAsksMidAdminsToPrepareOnce() {
        // Given a forecast in which mid-1 is Unchanged: nothing to prepare, no task
        String sysId = prod.sysUser("mid.user", Map.of(), "mid_server");
        targetUser("mid.user", Map.of("sys_id", sysId), "mid_server");
        String cloneId = scheduleClone();
        assertThat(verdict(computed(cloneId))).isEqualTo("Unchanged");
        org.camunda.bpm.engine.TaskService tasks = node.getBean(org.camunda.bpm.engine.TaskService.class);
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(cloneId).count()).isZero();

        // When mid.user is deactivated on the source, and the forecast is computed again on its schedule
        prod.update("sys_user", sysId, Map.of("active", "false"));
        runJob(cloneId, "Timer_Recompute");
        runJob(cloneId, "Task_NotifyTeam");

        // Then mid_admin has the preparation task naming mid-1, and the webhook was told
        Task task = tasks.createTaskQuery().processInstanceBusinessKey(cloneId).singleResult();
        assertThat(taskService.getIdentityLinksForTask(task.getId())).extracting(IdentityLink::getGroupId)
                .contains("mid_admin");
        assertThat(task.getDescription()).contains("mid-1 (user mid.user): WillFail");
        assertThat(webhook.bodies()).singleElement().asString().contains("mid-1 (user mid.user): WillFail");

        // and a further recomputation with the same risk opens no second task and tells nobody again
        runJob(cloneId, "Timer_Recompute");
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(cloneId).count()).isEqualTo(1);
        assertThat(webhook.bodies()).hasSize(1);
    }

    @Test
    void completingThePreparationTaskRecordsWhoPreparedWhatAndComputesTheForecastAgain() {
        // Given the preparation task of a forecast in which mid-1 is AtRisk
        bothUsers(Map.of("department", "integration"), "mid_server");
        String cloneId = scheduleClone();
        computed(cloneId);
        runJob(cloneId, "Task_NotifyTeam");
        String taskId = taskService.createTaskQuery().processInstanceBusinessKey(cloneId).singleResult().getId();

        // When the team adds preservers and the administrator completes the task through the engine's REST API
        prod.preserver("Integration users", "sys_user", "department=integration");
        prod.preserver("Integration roles", "sys_user_has_role", "user.department=integration");
        var completed = api.post("/engine-rest/task/" + taskId + "/submit-form", Map.of("variables",
                Map.of(CloneForecastProcess.VAR_PREPARATION_NOTE, Map.of("value", "Preservers added"))));
        runJob(cloneId, "Task_ComputeAfterPreparation");

        // Then the forecast names who prepared what, and shows the risk gone
        assertThat(completed.getStatusCode().is2xxSuccessful()).isTrue();
        JsonNode forecast = forecast(cloneId);
        assertThat(forecast.get("preparedBy").asText()).isEqualTo("admin");
        assertThat(forecast.get("preparationNote").asText()).isEqualTo("Preservers added");
        assertThat(verdict(forecast)).isEqualTo("Preserved");
    }

    @Test
    void aCloneCanceledOnTheInstanceEndsItsForecast() {
        // Given an open forecast
        bothUsers(Map.of(), "mid_server");
        String cloneId = scheduleClone();
        computed(cloneId);

        // When the clone is canceled on acmeprod and acmeprod is polled
        prod.update("clone_instance", cloneId, Map.of("state", "Canceled"));
        poller().pollOnce("acmeprod");

        // Then the forecast is Canceled and its process has ended
        assertThat(forecast(cloneId).get("state").asText()).isEqualTo("Canceled");
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(cloneId)
                .processDefinitionKey(CloneForecastProcess.PROCESS_KEY).count()).isZero();
    }

    @Test
    void afterTheCloneTheComparisonKeepsWhatTheClonesPassesFoundPerMidServer() {
        // Given a forecast of two MID Servers: mid-1 AtRisk, mid-2 Unchanged
        bothUsers(Map.of(), "mid_server");
        test.midServer("mid-2", "Up", "mid.same", Instant.now().minus(Duration.ofHours(2)));
        String sysId = prod.sysUser("mid.same", Map.of(), "mid_server");
        targetUser("mid.same", Map.of("sys_id", sysId), "mid_server");
        String cloneId = scheduleClone();
        computed(cloneId);

        // When the clone completes, mid-1 goes Down, and the clone check makes its second pass
        test.status("mid-1", "Down");
        poller().pollOnce("acmetest");
        prod.update("clone_instance", cloneId, Map.of("state", "Completed",
                "completed", FakeServiceNow.dateTime(Instant.now().plusSeconds(2))));
        poller().pollOnce("acmeprod");
        ManagementService jobs = node.getBean(ManagementService.class);
        String check = runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(cloneId)
                .processDefinitionKey(CloneCheckProcess.PROCESS_KEY).singleResult().getId();
        jobs.executeJob(jobs.createJobQuery().processInstanceId(check)
                .activityId(CloneCheckModelElements.TIMER_SECOND_PASS).singleResult().getId());
        runJob(cloneId, "Task_CompareForecast");

        // Then the forecast has ended with what the passes found: an issue for mid-1, none for mid-2
        JsonNode forecast = forecast(cloneId);
        assertThat(forecast.get("state").asText()).isEqualTo("Ended");
        assertThat(midServer(forecast, "mid-1").get("found").asText()).isEqualTo("IssueLogged");
        assertThat(midServer(forecast, "mid-2").get("found").asText()).isEqualTo("NoIssue");
        // and the comparison is counted by verdict and finding
        assertThat(node.getBean(MeterRegistry.class).get("midwatch.forecast.comparisons")
                .tags("verdict", "AtRisk", "found", "IssueLogged").counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void theSameClonePolledManyTimesOnTwoNodesHasOneForecastAndOneProcess() throws Exception {
        // Given a scheduled clone
        bothUsers(Map.of(), "mid_server");
        String cloneId = scheduleClone();
        ScheduledClone clone = new ScheduledClone(cloneId, "clone_instance", "acmeprod", "acmetest", TOMORROW, null,
                false);

        // When this node polls acmeprod again and again while both nodes take the clone at the same moment
        ForecastService otherNode = node.getBean(ForecastService.class);
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            var calls = new ArrayList<Callable<Object>>();
            for (int i = 0; i < 6; i++) {
                calls.add(() -> poller().pollOnce("acmeprod"));
                calls.add(() -> otherNode.open(clone));
                calls.add(() -> forecasts.open(clone));
            }
            for (Future<Object> call : threads.invokeAll(calls)) {
                call.get();
            }
        } finally {
            threads.shutdown();
        }

        // Then the clone has one forecast and one forecast process
        assertThat(jdbc.sql("SELECT COUNT(*) FROM clone_forecast WHERE clone_id = :id").param("id", cloneId)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(cloneId)
                .processDefinitionKey(CloneForecastProcess.PROCESS_KEY).count()).isEqualTo(1);
    }

    @Test
    void aForecastIsRemovedWithItsProcessAfterTheIssuesRetentionAndAYoungerOneStays() {
        // Given a forecast created now, and one created ten days later
        bothUsers(Map.of(), "mid_server");
        String old = scheduleClone();
        computed(old);
        ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofDays(10))));
        String young = prod.scheduledClone("acmeprod", "acmetest", "Scheduled",
                Instant.now().plus(Duration.ofDays(12)), "");
        computed(young);

        // When the retention check runs ten days and an hour after the first
        ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofDays(10)).plus(Duration.ofHours(1))));
        managementService.executeJob(managementService.createJobQuery()
                .processDefinitionKey(IssueRetentionProcess.PROCESS_KEY)
                .activityId(IssueRetentionModelElements.TIMER_RETENTION_CHECK).list().get(0).getId());

        // Then the first forecast is gone with its process; the younger one stays
        assertThat(nodeApi.get("/api/forecasts/" + old).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(old)
                .processDefinitionKey(CloneForecastProcess.PROCESS_KEY).count()).isZero();
        assertThat(forecast(young).get("state").asText()).isEqualTo("Open");
    }

    // --- the API

    @Test
    void forecastsAreListedNewestFirstAndFilteredByInstanceAndState() {
        // Given two forecasts, the later one canceled
        bothUsers(Map.of(), "mid_server");
        String first = scheduleClone();
        computed(first);
        String second = scheduleClone();
        computed(second);
        prod.update("clone_instance", second, Map.of("state", "Canceled"));
        poller().pollOnce("acmeprod");

        // When an operator lists them, all, of acmetest, and the open ones
        TestAccounts.ensure(identityService);
        Api operator = TestAccounts.api(anonymous, TestAccounts.OPERATOR);
        JsonNode all = operator.get("/api/forecasts").getBody();
        JsonNode ofTarget = operator.get("/api/forecasts?instance=acmetest").getBody();
        JsonNode open = operator.get("/api/forecasts?state=Open").getBody();

        // Then the newest comes first, and each filter keeps what it names
        assertThat(all.findValuesAsText("cloneId")).containsExactly(second, first);
        assertThat(ofTarget.findValuesAsText("cloneId")).containsExactly(second, first);
        assertThat(open.findValuesAsText("cloneId")).containsExactly(first);
        assertThat(operator.get("/api/forecasts?instance=elsewhere").getBody()).isEmpty();
    }

    @Test
    void aCloneWithoutAForecastIsNotFound() {
        // When the forecast of a clone without one is asked for
        var unknown = api.get("/api/forecasts/no-such-clone");

        // Then the answer is 404
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    // --- fixtures

    /**
     * MID Servers {@code prefix}1 to {@code prefix}{@code size} of acmetest, logging in as mid.user.1 and so on,
     * each user the same record on both instances; the first {@code failing} lack the role mid_server.
     */
    private void fleet(int size, String prefix, int failing) {
        for (int i = 1; i <= size; i++) {
            String user = "mid.user." + i;
            String role = i <= failing ? "itil" : "mid_server";
            String sysId = prod.sysUser(user, Map.of(), role);
            test.midServer(prefix + i, "Up", user, Instant.now().minus(Duration.ofHours(2)));
            test.sysUser(user, Map.of("sys_id", sysId), role);
        }
    }

    /** MID Server mid-1 of acmetest, logging in as mid.user, with that user on acmetest. */
    private void targetUser(String userName, Map<String, String> fields, String... roles) {
        if (userName.equals("mid.user")) {
            test.midServer("mid-1", "Up", "mid.user", Instant.now().minus(Duration.ofHours(2)));
        }
        test.sysUser(userName, fields, roles);
    }

    /** mid-1's user on both instances, each its own record; {@code sourceFields} change the source's. */
    private void bothUsers(Map<String, String> sourceFields, String... sourceRoles) {
        prod.sysUser("mid.user", sourceFields, sourceRoles);
        var department = sourceFields.getOrDefault("department", "");
        targetUser("mid.user", Map.of("department", department), "mid_server");
    }

    private String scheduleClone() {
        return prod.scheduledClone("acmeprod", "acmetest", "Scheduled", TOMORROW, "");
    }

    private JsonNode forecastOfAScheduledClone() {
        return computed(scheduleClone());
    }

    /** Polls both instances, runs the forecast's first computation, and answers the forecast. */
    private JsonNode computed(String cloneId) {
        poller().pollOnce("acmetest");
        poller().pollOnce("acmeprod");
        runJob(cloneId, "Task_ComputeForecast");
        return forecast(cloneId);
    }

    private JsonNode forecast(String cloneId) {
        var answer = nodeApi.get("/api/forecasts/" + cloneId);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }

    /** The node that reads the instances, as an operator. */
    private static Api operatorOnTheNode() {
        return Api.at(AnotherMidWatch.url(node), TestAccounts.OPERATOR, TestAccounts.PASSWORD);
    }

    private InstancePoller poller() {
        return node.getBean(InstancePoller.class);
    }

    /** Runs the forecast's job waiting at that activity, on the node that reads the instances. */
    private void runJob(String cloneId, String activityId) {
        ManagementService jobs = node.getBean(ManagementService.class);
        String process = runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(cloneId)
                .processDefinitionKey(CloneForecastProcess.PROCESS_KEY).singleResult().getId();
        Job job = jobs.createJobQuery().processInstanceId(process).activityId(activityId).singleResult();
        assertThat(job).as("job at %s", activityId).isNotNull();
        jobs.executeJob(job.getId());
    }

    private static JsonNode midServer(JsonNode forecast, String name) {
        for (JsonNode server : forecast.get("midServers")) {
            if (server.get("midServer").asText().equals(name)) {
                return server;
            }
        }
        throw new AssertionError("no MID Server " + name + " in " + forecast);
    }

    private static String verdict(JsonNode forecast) {
        return verdict(forecast, "mid-1");
    }

    private static String verdict(JsonNode forecast, String midServer) {
        return midServer(forecast, midServer).get("verdict").asText();
    }

    private static List<String> reasons(JsonNode forecast) {
        var reasons = new ArrayList<String>();
        midServer(forecast, "mid-1").get("reasons").forEach(reason -> reasons.add(reason.asText()));
        return reasons;
    }
}
