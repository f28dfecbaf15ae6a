package io.midwatch.security;

import static io.midwatch.support.TestAccounts.INTEGRATION;
import static io.midwatch.support.TestAccounts.OPERATOR;
import static io.midwatch.support.TestAccounts.STRANGER;
import static io.midwatch.support.TestAccounts.WORKER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import io.midwatch.clone.CloneCheckModelElements;
import io.midwatch.clone.CloneCheckProcess;
import io.midwatch.forecast.CloneForecastProcess;
import io.midwatch.heartbeat.HeartbeatCheckProcess;
import io.midwatch.issue.IssueProcess;
import io.midwatch.issue.IssueRetentionProcess;
import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;
import io.midwatch.support.TestAccounts;

/**
 * The engine REST API and the webapps enforce the roles with Camunda's own authorizations, narrowed by
 * MidWatch where the engine cannot tell a retry from a change (docs/security.md).
 */
class EngineRestRolesTest extends PostgresIntegrationTest {

    @Autowired
    IdentityService identityService;
    @Autowired
    AuthorizationService authorizationService;
    @Autowired
    FilterService filterService;

    private String cloneCheck;

    @BeforeEach
    void aRunningCloneCheck() {
        TestAccounts.ensure(identityService);
        var answer = api.post("/api/clones", Map.of("cloneId", "clone-1", "sourceInstance", "prod", "targetInstance", "test"));
        cloneCheck = answer.getBody().get("processInstanceId").asText();
    }

    private Api as(String user) {
        return TestAccounts.api(anonymous, user);
    }

    @Test
    void anOperatorCannotManageUsersGroupsOrDeployments() {
        // Given MidWatch's deployment, users and groups
        Deployment deployment = repositoryService.createDeploymentQuery().list().get(0);
        long users = identityService.createUserQuery().count();
        long groups = identityService.createGroupQuery().count();

        // When an operator creates a user and a group and deletes the deployment
        var createUser = as(OPERATOR).post("/engine-rest/user/create", Map.of(
                "profile", Map.of("id", "intruder", "firstName", "In", "lastName", "Truder"),
                "credentials", Map.of("password", "Intruder-Pa55")));
        var createGroup = as(OPERATOR).post("/engine-rest/group/create", Map.of("id", "intruders", "name", "x"));
        var deleteDeployment = as(OPERATOR).call(HttpMethod.DELETE,
                "/engine-rest/deployment/" + deployment.getId() + "?cascade=true", null);

        // Then each is refused and nothing changed
        assertThat(createUser.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(createGroup.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(deleteDeployment.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(identityService.createUserQuery().count()).isEqualTo(users);
        assertThat(identityService.createGroupQuery().count()).isEqualTo(groups);
        assertThat(repositoryService.createDeploymentQuery().deploymentId(deployment.getId()).count()).isEqualTo(1);
    }

    @Test
    void onlyAnAdministratorMayDeploy() {
        // Given a model
        long deployments = repositoryService.createDeploymentQuery().count();
        byte[] model = Bpmn.convertToString(Bpmn.createExecutableProcess("Sneaky").camundaHistoryTimeToLive(1)
                .startEvent().endEvent().done()).getBytes(StandardCharsets.UTF_8);

        // When an operator and the worker deploy it
        var byOperator = deploy(anonymous.withBasicAuth(OPERATOR, TestAccounts.PASSWORD), model);
        var byWorker = deploy(anonymous.withBasicAuth(WORKER, TestAccounts.PASSWORD), model);

        // Then both are refused and nothing is deployed
        assertThat(byOperator.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(byWorker.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(repositoryService.createDeploymentQuery().count()).isEqualTo(deployments);
    }

    private static ResponseEntity<String> deploy(TestRestTemplate caller, byte[] model) {
        var parts = new LinkedMultiValueMap<String, Object>();
        parts.add("deployment-name", "sneaky");
        parts.add("data", new ByteArrayResource(model) {
            @Override
            public String getFilename() {
                return "sneaky.bpmn";
            }
        });
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        return caller.postForEntity("/engine-rest/deployment/create", new HttpEntity<>(parts, headers), String.class);
    }

    @Test
    void anOperatorSeesMidWatchsInstancesButCannotDeleteSuspendOrModifyThem() {
        // When an operator reads the definitions, the running check and its history
        var definitions = as(OPERATOR).get("/engine-rest/process-definition");
        var instance = as(OPERATOR).get("/engine-rest/process-instance/" + cloneCheck);
        var history = as(OPERATOR).get("/engine-rest/history/process-instance?processInstanceId=" + cloneCheck);
        // Then each is answered
        assertThat(definitions.getBody().findValuesAsText("key")).contains(CloneCheckProcess.PROCESS_KEY,
                IssueProcess.PROCESS_KEY, HeartbeatCheckProcess.PROCESS_KEY, IssueRetentionProcess.PROCESS_KEY,
                CloneForecastProcess.PROCESS_KEY);
        assertThat(instance.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(history.getBody()).hasSize(1);

        // When the operator deletes, suspends or modifies the check, sets its variable or sends it a message
        var delete = as(OPERATOR).call(HttpMethod.DELETE, "/engine-rest/process-instance/" + cloneCheck, null);
        var suspend = as(OPERATOR).put("/engine-rest/process-instance/" + cloneCheck + "/suspended",
                Map.of("suspended", true));
        var modify = as(OPERATOR).post("/engine-rest/process-instance/" + cloneCheck + "/modification",
                Map.of("instructions", List.of(Map.of("type", "cancel", "activityId",
                        CloneCheckModelElements.SUBPROCESS_AWAIT_PASSES))));
        var variable = as(OPERATOR).put("/engine-rest/process-instance/" + cloneCheck + "/variables/cloneId",
                Map.of("value", "forged", "type", "String"));
        var message = as(OPERATOR).post("/engine-rest/message", Map.of("messageName", "MidServerUp"));
        // Then every kind is refused, and the instance runs on untouched
        for (var answer : List.of(delete, suspend, modify, variable, message)) {
            assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.FORBIDDEN);
        }
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(cloneCheck).active().count())
                .isEqualTo(1);
        assertThat(runtimeService.getVariable(cloneCheck, "cloneId")).isEqualTo("clone-1");
    }

    @Test
    void anOperatorMayRetryAFailedJob() {
        // Given a pass timer of the check that has run out of retries
        Job timer = managementService.createJobQuery().processInstanceId(cloneCheck)
                .activityId(CloneCheckModelElements.TIMER_SECOND_PASS).singleResult();
        managementService.setJobRetries(timer.getId(), 0);

        // When an operator retries it, as Cockpit does
        var answer = as(OPERATOR).put("/engine-rest/job/" + timer.getId() + "/retries", Map.of("retries", 3));

        // Then it has its retries back
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(managementService.createJobQuery().jobId(timer.getId()).singleResult().getRetries()).isEqualTo(3);
    }

    @Test
    void anIntegrationRetriesNothingAndSeesNoInstanceOrTask() {
        // Given a pass timer of the check that has run out of retries
        Job timer = managementService.createJobQuery().processInstanceId(cloneCheck)
                .activityId(CloneCheckModelElements.TIMER_SECOND_PASS).singleResult();
        managementService.setJobRetries(timer.getId(), 0);

        // When an integration retries it and lists the instances and the tasks
        var retry = as(INTEGRATION).put("/engine-rest/job/" + timer.getId() + "/retries", Map.of("retries", 3));
        var instances = as(INTEGRATION).get("/engine-rest/process-instance");
        var tasks = as(INTEGRATION).get("/engine-rest/task");

        // Then the retry is refused and the lists are empty
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(managementService.createJobQuery().jobId(timer.getId()).singleResult().getRetries()).isZero();
        assertThat(instances.getBody()).isEmpty();
        assertThat(tasks.getBody()).isEmpty();
    }

    @Test
    void aUserInNoGroupSeesNothingThroughTheEngineRestApi() {
        // Given a running clone check (before each test)
        // When a user in no group lists what the engine REST API has
        // Then every list is empty
        for (String path : List.of("/engine-rest/process-instance", "/engine-rest/process-definition",
                "/engine-rest/task", "/engine-rest/history/process-instance", "/engine-rest/deployment",
                "/engine-rest/filter", "/engine-rest/group", "/engine-rest/authorization")) {
            var answer = as(STRANGER).get(path);
            assertThat(answer.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
            assertThat(answer.getBody()).as(path).isEmpty();
        }
        // and of the users, it sees only itself (Camunda lets every user read its own profile)
        assertThat(as(STRANGER).get("/engine-rest/user").getBody().findValuesAsText("id")).containsExactly(STRANGER);
    }

    @Test
    void theWorkerFetchesItsExternalTasksAndNothingElse() {
        // When the worker fetches external tasks, reads instances and variables, and creates a user
        var fetch = as(WORKER).post("/engine-rest/external-task/fetchAndLock", Map.of("workerId", "w", "maxTasks", 1,
                "topics", List.of(Map.of("topicName", "nothing-here", "lockDuration", 1000))));
        var instances = as(WORKER).get("/engine-rest/process-instance");
        var variables = as(WORKER).get("/engine-rest/process-instance/" + cloneCheck + "/variables");
        var createUser = as(WORKER).post("/engine-rest/user/create", Map.of(
                "profile", Map.of("id", "intruder2"), "credentials", Map.of("password", "Intruder-Pa55")));

        // Then only the fetch is answered
        assertThat(fetch.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(instances.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(variables.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(createUser.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(identityService.createUserQuery().userId("intruder2").count()).isZero();
    }

    @Test
    void onlyAdministratorsMayUseTheAdminAppOperatorsCockpitAndTasklist() {
        // Given the accounts MidWatch set up at start
        // When the applications each may open are asked for
        // Then operators open Cockpit and Tasklist, integrations none, administrators Admin too
        assertThat(canAccess(OPERATOR, "cockpit")).isTrue();
        assertThat(canAccess(OPERATOR, "tasklist")).isTrue();
        assertThat(canAccess(OPERATOR, "admin")).isFalse();
        assertThat(canAccess(INTEGRATION, "cockpit")).isFalse();
        assertThat(canAccess(INTEGRATION, "tasklist")).isFalse();
        assertThat(canAccess("admin", "admin")).isTrue();
    }

    @Test
    void anOperatorSeesTheFilterMidServerIssuesButCannotCreateFilters() {
        // Given the filters there are
        long filters = filterService.createFilterQuery().count();

        // When an operator lists the task filters and creates one
        var visible = as(OPERATOR).get("/engine-rest/filter?resourceType=Task");
        var create = as(OPERATOR).post("/engine-rest/filter/create", Map.of("resourceType", "Task", "name", "mine",
                "query", Map.of()));

        // Then it sees "MID Server issues" only, and the creation is refused
        assertThat(visible.getBody().findValuesAsText("name")).containsExactly(Accounts.MID_ADMIN_FILTER);
        assertThat(create.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(filterService.createFilterQuery().count()).isEqualTo(filters);
    }

    private boolean canAccess(String user, String application) {
        List<String> groups = identityService.createGroupQuery().groupMember(user).list().stream()
                .map(group -> group.getId()).toList();
        return authorizationService.isUserAuthorized(user, groups, Permissions.ACCESS, Resources.APPLICATION,
                application);
    }
}
