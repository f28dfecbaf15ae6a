package io.midwatch.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.midwatch.clone.CloneCheckModelElements;
import io.midwatch.support.Api;

/**
 * The set-ups the issue lifecycle tests share, done the way a caller does them: users and MID Servers
 * through the API, a clone reported now, its first pass fired by hand, the issue it logs and, once the
 * diagnosis worker has done its part, the verification task in Tasklist.
 */
public final class IssueFixtures {

    /** How long the tests wait for the diagnosis worker, which polls the engine REST API in the background. */
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    static final String MID_SERVER_ROLE = "mid_server";

    /** The password of every user put by {@link #user}. */
    public static final String PASSWORD = "Mid-Server-Pass-1";

    /** A Down MID Server with its open issue, the issue's process instance and its verification task. */
    record OpenIssue(String cloneId, UUID id, String processInstanceId, String taskId) {
    }

    private final Api api;
    private final RuntimeService runtimeService;
    private final TaskService taskService;
    private final ManagementService managementService;
    private final HistoryService historyService;

    public IssueFixtures(Api api, RuntimeService runtimeService, TaskService taskService,
                         ManagementService managementService, HistoryService historyService) {
        this.api = api;
        this.runtimeService = runtimeService;
        this.taskService = taskService;
        this.managementService = managementService;
        this.historyService = historyService;
    }

    /** Puts a user of the instance with a password, the given roles and flags. */
    public void user(String userName, boolean active, boolean lockedOut, String... roles) {
        var answer = api.put("/api/users/" + userName, Map.of("password", PASSWORD, "roles",
                List.of(roles), "active", active, "lockedOut", lockedOut));
        assertThat(answer.getStatusCode().is2xxSuccessful()).as("PUT /api/users/%s: %s", userName, answer).isTrue();
    }

    /** A user a MID Server can log in as: active, not locked out, with the role mid_server. */
    public void healthyUser(String userName) {
        user(userName, true, false, MID_SERVER_ROLE);
    }

    public void midServer(String name, String userName, String status) {
        var answer = api.post("/api/mid-servers", Api.midServer(name, userName, status));
        assertThat(answer.getStatusCode()).as("POST /api/mid-servers %s: %s", name, answer)
                .isEqualTo(HttpStatus.CREATED);
    }

    /** Reports a clone that completed now; its passes are due 15 and 75 minutes later. */
    public String cloneNow() {
        var answer = api.post("/api/clones", Map.of("sourceInstance", "acme-prod", "targetInstance", "acme-test"));
        assertThat(answer.getStatusCode()).as("POST /api/clones: %s", answer).isEqualTo(HttpStatus.CREATED);
        return answer.getBody().get("cloneId").asText();
    }

    /** The job of a pass timer of the clone's check, to fire by hand. */
    Job passJob(String cloneId, String timerActivityId) {
        String checkInstance = api.get("/api/clones/" + cloneId).getBody().get("processInstanceId").asText();
        Job job = managementService.createJobQuery().processInstanceId(checkInstance).activityId(timerActivityId)
                .singleResult();
        assertThat(job).as("timer %s of clone %s", timerActivityId, cloneId).isNotNull();
        return job;
    }

    public void runFirstPass(String cloneId) {
        managementService.executeJob(passJob(cloneId, CloneCheckModelElements.TIMER_FIRST_PASS).getId());
    }

    public void runSecondPass(String cloneId) {
        managementService.executeJob(passJob(cloneId, CloneCheckModelElements.TIMER_SECOND_PASS).getId());
    }

    /** A clone now, and its first pass: every pre-clone MID Server that is Down gets its issue. */
    public String cloneAndFirstPass() {
        String cloneId = cloneNow();
        runFirstPass(cloneId);
        return cloneId;
    }

    /** The one issue of a MID Server, as {@code GET /api/issues?midServer=} shows it. */
    public JsonNode onlyIssueOf(String midServer) {
        JsonNode issues = api.get("/api/issues?midServer=" + midServer).getBody();
        assertThat(issues).as("issues of MID Server %s", midServer).hasSize(1);
        return issues.get(0);
    }

    JsonNode issue(UUID id) {
        var answer = api.get("/api/issues/" + id);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }

    public String state(UUID id) {
        return issue(id).get("state").asText();
    }

    /** Waits until the diagnosis worker has diagnosed the issue and its verification task waits in Tasklist. */
    public Task awaitVerificationTask(UUID issueId) {
        return await().atMost(PATIENCE).until(() -> openTask(issueId, IssueModelElements.TASK_VERIFY_CREDENTIALS),
                task -> task != null);
    }

    /** The open task of the issue's process with this task definition, or null. */
    Task openTask(UUID issueId, String taskDefinitionKey) {
        return taskService.createTaskQuery().processInstanceBusinessKey(issueId.toString())
                .taskDefinitionKey(taskDefinitionKey).singleResult();
    }

    /**
     * Given a MID Server with a healthy user that is Down at a clone: the first pass logs its issue, the
     * diagnosis worker diagnoses it, and its verification task waits in Tasklist.
     */
    OpenIssue downMidServerWithIssueAndTask(String name) {
        return downMidServersWithIssuesAndTasks(List.of(name)).get(name);
    }

    /** The same for several MID Servers, all Down at one clone. */
    Map<String, OpenIssue> downMidServersWithIssuesAndTasks(List<String> names) {
        return downMidServersWithIssuesAndTasks(names, true);
    }

    /** The same, with healthy users or with users that do not exist (quicker to set up for many). */
    Map<String, OpenIssue> downMidServersWithIssuesAndTasks(List<String> names, boolean withUsers) {
        for (String name : names) {
            if (withUsers) {
                healthyUser(name + ".user");
            }
            midServer(name, name + ".user", "Down");
        }
        String cloneId = cloneAndFirstPass();
        Map<String, UUID> issueIds = new HashMap<>();
        for (JsonNode issue : api.get("/api/issues?cloneId=" + cloneId).getBody()) {
            issueIds.put(issue.get("midServer").asText(), UUID.fromString(issue.get("id").asText()));
        }
        assertThat(issueIds).as("issues of clone %s", cloneId).containsOnlyKeys(names);
        await().atMost(PATIENCE).until(() -> taskService.createTaskQuery()
                .processDefinitionKey(IssueProcess.PROCESS_KEY)
                .taskDefinitionKey(IssueModelElements.TASK_VERIFY_CREDENTIALS).count() >= names.size());
        Map<String, OpenIssue> open = new HashMap<>();
        for (String name : names) {
            UUID id = issueIds.get(name);
            Task task = awaitVerificationTask(id);
            open.put(name, new OpenIssue(cloneId, id, task.getProcessInstanceId(), task.getId()));
        }
        return open;
    }

    boolean isRunning(String processInstanceId) {
        return runtimeService.createProcessInstanceQuery().processInstanceId(processInstanceId).count() == 1;
    }

    /** The process instance has ended, through the given end event, and left no task behind. */
    void assertEndedAt(String processInstanceId, String endEventId) {
        assertThat(isRunning(processInstanceId)).as("process instance %s still runs", processInstanceId).isFalse();
        assertThat(taskService.createTaskQuery().processInstanceId(processInstanceId).count()).isZero();
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId)
                .singleResult().getEndTime()).isNotNull();
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
                .activityId(endEventId).finished().count()).as("ended at %s", endEventId).isEqualTo(1);
    }

    /** Submits the verification task's form with an outcome, through the engine REST API as Tasklist does. */
    static ResponseEntity<JsonNode> submitVerification(Api caller, String taskId, String outcome) {
        return caller.post("/engine-rest/task/" + taskId + "/submit-form",
                Map.of("variables", Map.of(IssueModelElements.VAR_OUTCOME, Map.of("value", outcome))));
    }
}
