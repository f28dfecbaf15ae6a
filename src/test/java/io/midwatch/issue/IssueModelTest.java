package io.midwatch.issue;

import static io.midwatch.issue.IssueModelElements.END_ALREADY_UP;
import static io.midwatch.issue.IssueModelElements.END_OPERATORS_TOLD_OF_ISSUE;
import static io.midwatch.issue.IssueModelElements.END_RESOLVED_BY_HAND;
import static io.midwatch.issue.IssueModelElements.END_RESOLVED_BY_MID_SERVER_UP;
import static io.midwatch.issue.IssueModelElements.OUTCOME_CREDENTIALS_CORRECT;
import static io.midwatch.issue.IssueModelElements.OUTCOME_CREDENTIALS_FIXED;
import static io.midwatch.issue.IssueModelElements.TASK_ACKNOWLEDGE_ISSUE;
import static io.midwatch.issue.IssueModelElements.TASK_AWAIT_MID_SERVER_UP;
import static io.midwatch.issue.IssueModelElements.TASK_CHECK_MID_SERVER_STATUS;
import static io.midwatch.issue.IssueModelElements.TASK_DIAGNOSE;
import static io.midwatch.issue.IssueModelElements.TASK_LOOK_FOR_OTHER_CAUSES;
import static io.midwatch.issue.IssueModelElements.TASK_NOTIFY_OPENED;
import static io.midwatch.issue.IssueModelElements.TASK_NOTIFY_RESOLVED_ALREADY_UP;
import static io.midwatch.issue.IssueModelElements.TASK_NOTIFY_RESOLVED_BY_HAND;
import static io.midwatch.issue.IssueModelElements.TASK_NOTIFY_RESOLVED_ON_UP;
import static io.midwatch.issue.IssueModelElements.TASK_RECORD_DIAGNOSIS;
import static io.midwatch.issue.IssueModelElements.TASK_RESOLVE_ON_UP;
import static io.midwatch.issue.IssueModelElements.TASK_VERIFY_CREDENTIALS;
import static io.midwatch.issue.IssueModelElements.VAR_OUTCOME;
import static io.midwatch.issue.IssueProcess.MESSAGE_MID_SERVER_UP;
import static io.midwatch.issue.IssueProcess.MESSAGE_RESOLVED_BY_HAND;
import static io.midwatch.issue.IssueProcess.NOTIFICATION_OPENED;
import static io.midwatch.issue.IssueProcess.NOTIFICATION_RESOLVED;
import static io.midwatch.issue.IssueProcess.PROCESS_KEY;
import static io.midwatch.issue.IssueProcess.TASK_RESOLVE_ALREADY_UP;
import static io.midwatch.issue.IssueProcess.TASK_RESOLVE_BY_HAND;
import static io.midwatch.issue.IssueProcess.TOPIC_CREDENTIAL_DIAGNOSIS;
import static io.midwatch.issue.IssueProcess.VAR_CLONE_ID;
import static io.midwatch.issue.IssueProcess.VAR_DIAGNOSIS;
import static io.midwatch.issue.IssueProcess.VAR_ISSUE_ID;
import static io.midwatch.issue.IssueProcess.VAR_MESSAGE;
import static io.midwatch.issue.IssueProcess.VAR_MID_SERVER_NAME;
import static io.midwatch.issue.IssueProcess.VAR_MID_SERVER_UP;
import static io.midwatch.issue.IssueProcess.VAR_NOTIFICATION;
import static io.midwatch.issue.IssueProcess.VAR_USER_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.form.FormField;
import org.camunda.bpm.engine.form.FormFieldValidationConstraint;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.midwatch.support.ModelCoverage;

/**
 * The issue model ({@code bpmn/mid-server-issue.bpmn}) on the in-memory engine, its delegates and its
 * claim listener mocked: diagnosis (R11), verification in Tasklist (R10), resolution when the MID Server
 * comes Up (R7) or by hand; the notifications of an issue that opens and resolves, when webhooks are configured.
 */
@Deployment(resources = "models/mid-server-issue.bpmn")
class IssueModelTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension extension = ModelCoverage.of("mid-server-issue.bpmn");

    ProcessEngine engine;

    static final String ISSUE_ID = "6f1c1f5e-8a57-4d53-9d4e-0c6a2f1b7a10";
    static final String MID_SERVER = "mid-test-01";
    static final String USER = "local-midserver";
    static final String CLONE_ID = "clone-prod-to-test-1";
    static final String MESSAGE = "MID Server not operational (status: Down), possibly due to recent clone. "
            + "Verify credentials for logged in User 'local-midserver'.";
    static final String DIAGNOSIS = "User 'local-midserver' lacks the role mid_server";
    static final String WORKER = "diagnosis-worker";
    static final String ADMIN = "alice";
    static final String MID_ADMIN = "mid_admin";

    /** Every call of a mocked delegate or listener, as "bean@activity". */
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<String> diagnosesRecorded = new CopyOnWriteArrayList<>();
    private final List<String> claimedBy = new CopyOnWriteArrayList<>();
    /** What the mocked status check reports. */
    private volatile boolean midServerUp;
    /** Stands in for notifyWebhooks; no webhooks configured unless a test says so. */
    private final RecordingNotifications notifications = new RecordingNotifications();

    @BeforeEach
    void setUp() {
        BpmnAwareTests.init(engine);
        Mocks.register("recordDiagnosis", (JavaDelegate) execution -> {
            record("recordDiagnosis", execution);
            diagnosesRecorded.add((String) execution.getVariable(VAR_DIAGNOSIS));
        });
        Mocks.register("resolveIssue", (JavaDelegate) execution -> record("resolveIssue", execution));
        Mocks.register("acknowledgeIssue", (JavaDelegate) execution -> record("acknowledgeIssue", execution));
        Mocks.register("checkMidServerStatus", (JavaDelegate) execution -> {
            record("checkMidServerStatus", execution);
            execution.setVariable(VAR_MID_SERVER_UP, midServerUp);
        });
        Mocks.register("acknowledgeIssueOnClaim", (TaskListener) this::claimed);
        Mocks.register("notifyWebhooks", notifications);
    }

    @AfterEach
    void tearDown() {
        Mocks.reset();
        BpmnAwareTests.reset();
    }

    // R11: diagnosis by an external worker

    @Test
    void R11_aNewIssueFirstWaitsForTheCredentialDiagnosisByAnExternalWorker() {
        // Given an issue just logged

        // When its process starts
        ProcessInstance issue = startIssue();

        // Then it waits at the external task of the diagnosis topic, and no Tasklist task is open yet
        assertThat(issue).isStarted().isWaitingAt(TASK_DIAGNOSE);
        assertThat(issue).externalTask(TASK_DIAGNOSE).hasTopicName(TOPIC_CREDENTIAL_DIAGNOSIS);
        assertThat(engine.getTaskService().createTaskQuery().processInstanceId(issue.getId()).count()).isZero();
        assertThat(calls).isEmpty();
    }

    @Test
    void R11_theWorkersDiagnosisIsRecordedAndTheVerificationTaskOpensForMidAdmin() {
        // Given an issue waiting for its diagnosis
        ProcessInstance issue = startIssue();

        // When a worker of the diagnosis topic fetches the task and completes it with its diagnosis
        List<LockedExternalTask> fetched = engine.getExternalTaskService()
                .fetchAndLock(10, WORKER).topic(TOPIC_CREDENTIAL_DIAGNOSIS, 60_000L).execute();
        assertThat(fetched).singleElement().satisfies(task -> {
            assertThat(task.getProcessInstanceId()).isEqualTo(issue.getId());
            assertThat(task.getBusinessKey()).isEqualTo(ISSUE_ID);
            assertThat(task.getVariables()).containsEntry(VAR_ISSUE_ID, ISSUE_ID)
                    .containsEntry(VAR_MID_SERVER_NAME, MID_SERVER).containsEntry(VAR_USER_NAME, USER);
        });
        engine.getExternalTaskService().complete(fetched.get(0).getId(), WORKER,
                Variables.createVariables().putValue(VAR_DIAGNOSIS, DIAGNOSIS));

        // Then the diagnosis is recorded on the issue
        assertThat(calls).containsExactly("recordDiagnosis@" + TASK_RECORD_DIAGNOSIS);
        assertThat(diagnosesRecorded).containsExactly(DIAGNOSIS);
        // and the verification task opens for mid_admin, named after the user and the MID Server
        assertThat(issue).hasPassed(TASK_DIAGNOSE, TASK_RECORD_DIAGNOSIS).isWaitingAt(TASK_VERIFY_CREDENTIALS);
        Task verification = verificationTask(issue);
        assertThat(verification).hasCandidateGroup(MID_ADMIN).isNotAssigned()
                .hasName("Verify credentials of MID Server user '" + USER + "' (MID Server " + MID_SERVER + ")")
                .hasDescription(MESSAGE + " Diagnosis: " + DIAGNOSIS);
    }

    // R10: manual verification in Tasklist

    @Test
    void R10_theVerificationFormShowsTheIssueAndAsksForOneOfTheTwoOutcomes() {
        // Given an issue whose verification task is open
        ProcessInstance issue = startIssueAndDiagnose();

        // When its form is read
        List<FormField> fields = engine.getFormService().getTaskFormData(verificationTask(issue).getId())
                .getFormFields();

        // Then it shows the MID Server, its user, the message and the diagnosis, read-only
        assertThat(fields).extracting(FormField::getId)
                .containsExactly(VAR_MID_SERVER_NAME, VAR_USER_NAME, VAR_MESSAGE, VAR_DIAGNOSIS, VAR_OUTCOME);
        Map<String, FormField> byId = fields.stream()
                .collect(Collectors.toMap(FormField::getId, field -> field));
        assertThat(byId.get(VAR_MID_SERVER_NAME).getValue().getValue()).isEqualTo(MID_SERVER);
        assertThat(byId.get(VAR_USER_NAME).getValue().getValue()).isEqualTo(USER);
        assertThat(byId.get(VAR_MESSAGE).getValue().getValue()).isEqualTo(MESSAGE);
        assertThat(byId.get(VAR_DIAGNOSIS).getValue().getValue()).isEqualTo(DIAGNOSIS);
        for (String shown : List.of(VAR_MID_SERVER_NAME, VAR_USER_NAME, VAR_MESSAGE, VAR_DIAGNOSIS)) {
            assertThat(byId.get(shown).getTypeName()).as(shown).isEqualTo("string");
            assertThat(constraints(byId.get(shown))).as(shown).containsExactly("readonly");
        }
        // and asks for exactly one of the two outcomes
        FormField outcome = byId.get(VAR_OUTCOME);
        assertThat(outcome.getTypeName()).isEqualTo("enum");
        assertThat(constraints(outcome)).containsExactly("required");
        @SuppressWarnings("unchecked")
        Map<String, String> outcomes = (Map<String, String>) outcome.getType().getInformation("values");
        assertThat(outcomes).containsOnlyKeys(OUTCOME_CREDENTIALS_FIXED, OUTCOME_CREDENTIALS_CORRECT);
    }

    @Test
    void R10_theVerificationCannotBeCompletedWithoutAnOutcome() {
        // Given an issue whose verification task is open
        ProcessInstance issue = startIssueAndDiagnose();
        String taskId = verificationTask(issue).getId();

        // When the form is submitted without an outcome
        // Then it is rejected and the task stays open
        assertThatThrownBy(() -> engine.getFormService().submitTaskForm(taskId, Variables.createVariables()))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining(VAR_OUTCOME);
        assertThat(issue).isWaitingAt(TASK_VERIFY_CREDENTIALS);
    }

    @Test
    void R10_theVerificationCannotBeCompletedWithAnOutcomeOutsideTheTwo() {
        // Given an issue whose verification task is open
        ProcessInstance issue = startIssueAndDiagnose();
        String taskId = verificationTask(issue).getId();

        // When the form is submitted with an unknown outcome
        // Then it is rejected and the task stays open
        assertThatThrownBy(() -> engine.getFormService().submitTaskForm(taskId,
                Variables.createVariables().putValue(VAR_OUTCOME, "credentialsIgnored")))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("credentialsIgnored");
        assertThat(issue).isWaitingAt(TASK_VERIFY_CREDENTIALS);
    }

    @Test
    void R10_claimingTheVerificationTaskCallsTheClaimListener() {
        // Given an issue whose verification task is open
        ProcessInstance issue = startIssueAndDiagnose();
        Task verification = verificationTask(issue);

        // When an administrator claims it
        engine.getTaskService().claim(verification.getId(), ADMIN);

        // Then the claim listener (which marks a New issue Acknowledged) ran for that issue and that user
        assertThat(claimedBy).containsExactly(ADMIN + "@" + ISSUE_ID);
        assertThat(verificationTask(issue)).isAssignedTo(ADMIN);
        assertThat(issue).isWaitingAt(TASK_VERIFY_CREDENTIALS);
    }

    @Test
    void R10_credentialsFixedWhileTheMidServerIsUpAlreadyResolvesTheIssueAndEnds() {
        // Given an issue whose verification task is open, and a MID Server that is Up again
        ProcessInstance issue = startIssueAndDiagnose();
        midServerUp = true;

        // When the administrator answers that the credentials were wrong and are fixed now
        submitOutcome(issue, OUTCOME_CREDENTIALS_FIXED);

        // Then the status is checked, the issue resolved, and the process ends
        assertThat(calls).containsExactly("recordDiagnosis@" + TASK_RECORD_DIAGNOSIS,
                "checkMidServerStatus@" + TASK_CHECK_MID_SERVER_STATUS,
                "resolveIssue@" + TASK_RESOLVE_ALREADY_UP);
        assertThat(issue).hasPassed(TASK_CHECK_MID_SERVER_STATUS, TASK_RESOLVE_ALREADY_UP, END_ALREADY_UP)
                .hasNotPassed(TASK_AWAIT_MID_SERVER_UP, TASK_ACKNOWLEDGE_ISSUE)
                .isEnded();
    }

    @Test
    void R10_credentialsFixedWhileTheMidServerIsStillDownWaitsForItToComeUp() {
        // Given an issue whose verification task is open, and a MID Server still Down
        ProcessInstance issue = startIssueAndDiagnose();
        midServerUp = false;

        // When the administrator answers that the credentials were wrong and are fixed now
        submitOutcome(issue, OUTCOME_CREDENTIALS_FIXED);

        // Then the status is checked, nothing is resolved yet, and the process waits for the MID Server
        assertThat(calls).containsExactly("recordDiagnosis@" + TASK_RECORD_DIAGNOSIS,
                "checkMidServerStatus@" + TASK_CHECK_MID_SERVER_STATUS);
        assertThat(issue).isWaitingAt(TASK_AWAIT_MID_SERVER_UP).hasNotPassed(TASK_RESOLVE_ALREADY_UP);
        assertThat(engine.getTaskService().createTaskQuery().processInstanceId(issue.getId()).count()).isZero();
    }

    @Test
    void R10_credentialsCorrectAcknowledgesTheIssueAndAsksToLookForOtherCausesInTheKnowledgeBase() {
        // Given an issue whose verification task is open
        ProcessInstance issue = startIssueAndDiagnose();

        // When the administrator answers that the credentials are correct but the MID Server stays Down
        submitOutcome(issue, OUTCOME_CREDENTIALS_CORRECT);

        // Then the issue is marked Acknowledged
        assertThat(calls).containsExactly("recordDiagnosis@" + TASK_RECORD_DIAGNOSIS,
                "acknowledgeIssue@" + TASK_ACKNOWLEDGE_ISSUE);
        assertThat(issue).hasPassed(TASK_ACKNOWLEDGE_ISSUE).hasNotPassed(TASK_CHECK_MID_SERVER_STATUS);
        // and a task for mid_admin says to look for other causes in the knowledge base
        assertThat(issue).isWaitingAt(TASK_LOOK_FOR_OTHER_CAUSES);
        Task otherCauses = task(issue, TASK_LOOK_FOR_OTHER_CAUSES);
        assertThat(otherCauses).hasCandidateGroup(MID_ADMIN);
        assertThat(otherCauses.getName()).contains("knowledge base").contains(MID_SERVER);
        assertThat(otherCauses.getDescription()).contains("knowledge base").contains(USER);
    }

    @Test
    void R10_afterLookingForOtherCausesTheIssueWaitsForTheMidServerToComeUp() {
        // Given an issue whose credentials were found correct
        ProcessInstance issue = startIssueAndDiagnose();
        submitOutcome(issue, OUTCOME_CREDENTIALS_CORRECT);

        // When the administrator completes the task to look for other causes
        engine.getTaskService().complete(task(issue, TASK_LOOK_FOR_OTHER_CAUSES).getId());

        // Then the issue stays open and waits for the MID Server to come Up
        assertThat(issue).isWaitingAt(TASK_AWAIT_MID_SERVER_UP).hasNotPassed(TASK_RESOLVE_ON_UP);
        assertThat(calls).doesNotContain("resolveIssue@" + TASK_RESOLVE_ON_UP);
    }

    // R7: the MID Server comes Up, at whatever wait state

    @Test
    void R7_midServerUpWhileTheDiagnosisIsPendingResolvesAndEndsTheExternalTask() {
        // Given an issue waiting for its diagnosis
        ProcessInstance issue = startIssue();

        // When its MID Server goes from Down to Up
        correlateMidServerUp();

        // Then the issue is resolved, the process ends and no worker finds the external task any more
        assertResolvedByMidServerUp(issue);
        assertThat(engine.getExternalTaskService().createExternalTaskQuery()
                .processInstanceId(issue.getId()).count()).isZero();
        assertThat(engine.getExternalTaskService().fetchAndLock(10, WORKER)
                .topic(TOPIC_CREDENTIAL_DIAGNOSIS, 60_000L).execute()).isEmpty();
    }

    @Test
    void R7_midServerUpWhileTheVerificationTaskIsOpenResolvesAndEndsTheTask() {
        // Given an issue whose verification task is open and claimed
        ProcessInstance issue = startIssueAndDiagnose();
        engine.getTaskService().claim(verificationTask(issue).getId(), ADMIN);

        // When its MID Server goes from Down to Up
        correlateMidServerUp();

        // Then the issue is resolved, the process ends and the task is gone from Tasklist
        assertResolvedByMidServerUp(issue);
        assertThat(engine.getTaskService().createTaskQuery().processInstanceId(issue.getId()).count()).isZero();
        assertThat(engine.getTaskService().createTaskQuery().taskCandidateGroup(MID_ADMIN).count()).isZero();
    }

    @Test
    void R7_midServerUpWhileLookingForOtherCausesResolvesAndEndsTheTask() {
        // Given an issue whose credentials were found correct, its task to look for other causes open
        ProcessInstance issue = startIssueAndDiagnose();
        submitOutcome(issue, OUTCOME_CREDENTIALS_CORRECT);

        // When its MID Server goes from Down to Up
        correlateMidServerUp();

        // Then the issue is resolved, the process ends and the task is gone from Tasklist
        assertResolvedByMidServerUp(issue);
        assertThat(engine.getTaskService().createTaskQuery().processInstanceId(issue.getId()).count()).isZero();
    }

    @Test
    void R7_midServerUpWhileAwaitingItResolvesAndEnds() {
        // Given an issue whose credentials were fixed while the MID Server stayed Down
        ProcessInstance issue = startIssueAndDiagnose();
        midServerUp = false;
        submitOutcome(issue, OUTCOME_CREDENTIALS_FIXED);

        // When its MID Server goes from Down to Up
        correlateMidServerUp();

        // Then the issue is resolved and the process ends
        assertResolvedByMidServerUp(issue);
        assertThat(issue).hasNotPassed(TASK_RESOLVE_ALREADY_UP);
    }

    @Test
    void R7_midServerUpReachesOnlyTheIssueOfItsBusinessKey() {
        // Given two open issues
        ProcessInstance issue = startIssue();
        String otherIssueId = "0b7d6c51-6d8e-4c1a-a3b7-2b1f3a9e5c42";
        ProcessInstance other = engine.getRuntimeService().startProcessInstanceByKey(PROCESS_KEY, otherIssueId,
                issueVariables(otherIssueId));

        // When the MID Server of the first one goes from Down to Up
        correlateMidServerUp();

        // Then only that one is resolved; the other still waits for its diagnosis
        assertResolvedByMidServerUp(issue);
        assertThat(other).isNotEnded().isWaitingAt(TASK_DIAGNOSE);
    }

    @Test
    void R7_aSecondMidServerUpAfterTheIssueEndedFindsNoProcessToCorrelateTo() {
        // Given an issue already resolved because its MID Server came Up
        ProcessInstance issue = startIssueAndDiagnose();
        correlateMidServerUp();
        assertThat(issue).isEnded();

        // When the same message comes again
        // Then it matches nothing and says so
        assertThatThrownBy(this::correlateMidServerUp).isInstanceOf(MismatchingMessageCorrelationException.class);
        assertThat(calls).containsOnlyOnce("resolveIssue@" + TASK_RESOLVE_ON_UP);
    }

    // Resolved by hand (PATCH /api/issues/{id})

    @Test
    void resolvedByHandWhileTheVerificationTaskIsOpenResolvesAndEndsTheTask() {
        // Given an issue whose verification task is open
        ProcessInstance issue = startIssueAndDiagnose();

        // When an administrator resolves the issue by hand
        engine.getRuntimeService().createMessageCorrelation(MESSAGE_RESOLVED_BY_HAND)
                .processInstanceBusinessKey(ISSUE_ID).correlateWithResult();

        // Then the issue is resolved, the process ends at its own end event and the task is gone
        assertThat(calls).endsWith("resolveIssue@" + TASK_RESOLVE_BY_HAND);
        assertThat(issue).hasPassed(TASK_RESOLVE_BY_HAND, END_RESOLVED_BY_HAND)
                .hasNotPassed(END_RESOLVED_BY_MID_SERVER_UP)
                .isEnded();
        assertThat(engine.getTaskService().createTaskQuery().processInstanceId(issue.getId()).count()).isZero();
    }

    @Test
    void resolvedByHandWhileAwaitingTheMidServerResolvesAndEnds() {
        // Given an issue waiting for its MID Server to come Up
        ProcessInstance issue = startIssueAndDiagnose();
        midServerUp = false;
        submitOutcome(issue, OUTCOME_CREDENTIALS_FIXED);

        // When an administrator resolves the issue by hand
        engine.getRuntimeService().createMessageCorrelation(MESSAGE_RESOLVED_BY_HAND)
                .processInstanceBusinessKey(ISSUE_ID).correlateWithResult();

        // Then the issue is resolved and the process ends at the end event of the resolution by hand
        assertThat(issue).hasPassed(TASK_RESOLVE_BY_HAND, END_RESOLVED_BY_HAND).isEnded();
    }

    // Notifications through the configured webhooks

    @Test
    void withoutWebhooksANewIssueLeavesNoNotificationJob() {
        // Given no webhook configured

        // When an issue's process starts
        ProcessInstance issue = startIssue();

        // Then nothing is to be posted: no job, only the diagnosis waits
        assertThat(engine.getManagementService().createJobQuery().processInstanceId(issue.getId()).count()).isZero();
        assertThat(engine.getRuntimeService().getActiveActivityIds(issue.getId())).containsExactly(TASK_DIAGNOSE);
        assertThat(notifications.posted).isEmpty();
    }

    @Test
    void withWebhooksANewIssueIsPostedByAnAsynchronousTaskBesideTheDiagnosis() {
        // Given webhooks configured
        notifications.configured = true;

        // When an issue's process starts
        ProcessInstance issue = startIssue();

        // Then the notification waits as a job of its own while the diagnosis waits for its worker
        assertThat(engine.getRuntimeService().getActiveActivityIds(issue.getId()))
                .containsExactlyInAnyOrder(TASK_DIAGNOSE, TASK_NOTIFY_OPENED);
        assertThat(notifications.posted).isEmpty();
        // and when the job runs, "issue opened" is posted once and that path ends
        executeNotification(issue, TASK_NOTIFY_OPENED);
        assertThat(notifications.posted).containsExactly(NOTIFICATION_OPENED + "@" + TASK_NOTIFY_OPENED);
        assertThat(issue).hasPassed(END_OPERATORS_TOLD_OF_ISSUE).isWaitingAt(TASK_DIAGNOSE);
    }

    @Test
    void aWebhookThatKeepsFailingLeavesAnIncidentAndTheIssueGoesOn() {
        // Given webhooks configured that fail
        notifications.configured = true;
        notifications.failure = new IllegalStateException("1 of 1 webhooks failed: hooks.example.com (HTTP 500)");
        ProcessInstance issue = startIssue();

        // When the notification job has failed three times (R3/PT10S)
        for (int attempt = 1; attempt <= 3; attempt++) {
            Job job = notificationJob(issue, TASK_NOTIFY_OPENED);
            assertThat(job.getRetries()).as("retries before attempt %s", attempt).isPositive();
            assertThatThrownBy(() -> engine.getManagementService().executeJob(job.getId()))
                    .hasMessageContaining("hooks.example.com");
        }

        // Then an incident says so, at the notification task
        assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(issue.getId()).list())
                .singleElement().satisfies(incident -> {
                    assertThat(incident.getActivityId()).isEqualTo(TASK_NOTIFY_OPENED);
                    assertThat(incident.getIncidentType()).isEqualTo(Incident.FAILED_JOB_HANDLER_TYPE);
                    assertThat(incident.getIncidentMessage()).contains("hooks.example.com");
                });
        // and the issue goes on: diagnosis, verification task, resolution
        diagnose(issue);
        assertThat(issue).isWaitingAt(TASK_VERIFY_CREDENTIALS);
        notifications.failure = null;
        correlateMidServerUp();
        assertThat(calls).endsWith("resolveIssue@" + TASK_RESOLVE_ON_UP);
        assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(issue.getId()).count()).isZero();
    }

    @Test
    void withWebhooksAResolutionWhenTheMidServerComesUpIsPostedAndThenTheProcessEnds() {
        // Given webhooks configured and an issue whose verification task is open
        notifications.configured = true;
        ProcessInstance issue = startIssueAndDiagnose();
        executeNotification(issue, TASK_NOTIFY_OPENED);

        // When its MID Server goes from Down to Up
        correlateMidServerUp();

        // Then the issue is resolved at once, and the process ends after "issue resolved" was posted
        assertThat(calls).endsWith("resolveIssue@" + TASK_RESOLVE_ON_UP);
        assertThat(issue).isNotEnded();
        executeNotification(issue, TASK_NOTIFY_RESOLVED_ON_UP);
        assertThat(notifications.posted).containsExactly(NOTIFICATION_OPENED + "@" + TASK_NOTIFY_OPENED,
                NOTIFICATION_RESOLVED + "@" + TASK_NOTIFY_RESOLVED_ON_UP);
        assertResolvedByMidServerUp(issue);
    }

    @Test
    void withWebhooksAResolutionByHandIsPostedAndThenTheProcessEnds() {
        // Given webhooks configured and an issue whose verification task is open
        notifications.configured = true;
        ProcessInstance issue = startIssueAndDiagnose();
        executeNotification(issue, TASK_NOTIFY_OPENED);

        // When an administrator resolves it by hand
        engine.getRuntimeService().createMessageCorrelation(MESSAGE_RESOLVED_BY_HAND)
                .processInstanceBusinessKey(ISSUE_ID).correlateWithResult();

        // Then "issue resolved" is posted and the process ends at the end of the resolution by hand
        executeNotification(issue, TASK_NOTIFY_RESOLVED_BY_HAND);
        assertThat(notifications.posted).endsWith(NOTIFICATION_RESOLVED + "@" + TASK_NOTIFY_RESOLVED_BY_HAND);
        assertThat(issue).hasPassed(TASK_RESOLVE_BY_HAND, END_RESOLVED_BY_HAND).isEnded();
    }

    @Test
    void withWebhooksCredentialsFixedWhileTheMidServerIsUpAlreadyIsPostedAsResolved() {
        // Given webhooks configured, an issue whose verification task is open, and a MID Server Up again
        notifications.configured = true;
        ProcessInstance issue = startIssueAndDiagnose();
        executeNotification(issue, TASK_NOTIFY_OPENED);
        midServerUp = true;

        // When the administrator answers that the credentials were wrong and are fixed now
        submitOutcome(issue, OUTCOME_CREDENTIALS_FIXED);

        // Then "issue resolved" is posted and the process ends
        executeNotification(issue, TASK_NOTIFY_RESOLVED_ALREADY_UP);
        assertThat(notifications.posted).endsWith(NOTIFICATION_RESOLVED + "@" + TASK_NOTIFY_RESOLVED_ALREADY_UP);
        assertThat(issue).hasPassed(TASK_RESOLVE_ALREADY_UP, END_ALREADY_UP).isEnded();
    }

    @Test
    void anIssueResolvedBeforeItsOpeningWasPostedIsPostedAsResolvedOnly() {
        // Given webhooks configured and a new issue whose "issue opened" job has not run
        notifications.configured = true;
        ProcessInstance issue = startIssue();

        // When its MID Server goes from Down to Up
        correlateMidServerUp();

        // Then the resolution ends the pending notification with the rest; only "issue resolved" is posted
        assertThat(engine.getManagementService().createJobQuery().processInstanceId(issue.getId())
                .activityId(TASK_NOTIFY_OPENED).count()).isZero();
        executeNotification(issue, TASK_NOTIFY_RESOLVED_ON_UP);
        assertThat(notifications.posted).containsExactly(NOTIFICATION_RESOLVED + "@" + TASK_NOTIFY_RESOLVED_ON_UP);
        assertResolvedByMidServerUp(issue);
    }

    // helpers

    private Job notificationJob(ProcessInstance issue, String taskId) {
        Job job = engine.getManagementService().createJobQuery().processInstanceId(issue.getId()).activityId(taskId)
                .singleResult();
        assertThat(job).as("notification job of %s", taskId).isNotNull();
        return job;
    }

    private void executeNotification(ProcessInstance issue, String taskId) {
        engine.getManagementService().executeJob(notificationJob(issue, taskId).getId());
    }

    private ProcessInstance startIssue() {
        return engine.getRuntimeService().startProcessInstanceByKey(PROCESS_KEY, ISSUE_ID, issueVariables(ISSUE_ID));
    }

    private static Map<String, Object> issueVariables(String issueId) {
        return Variables.createVariables()
                .putValue(VAR_ISSUE_ID, issueId)
                .putValue(VAR_MID_SERVER_NAME, MID_SERVER)
                .putValue(VAR_USER_NAME, USER)
                .putValue(VAR_CLONE_ID, CLONE_ID)
                .putValue(VAR_MESSAGE, MESSAGE);
    }

    private ProcessInstance startIssueAndDiagnose() {
        return diagnose(startIssue());
    }

    /** A worker diagnoses the issue: its verification task opens. */
    private ProcessInstance diagnose(ProcessInstance issue) {
        List<LockedExternalTask> fetched = engine.getExternalTaskService()
                .fetchAndLock(1, WORKER).topic(TOPIC_CREDENTIAL_DIAGNOSIS, 60_000L).execute();
        assertThat(fetched).hasSize(1);
        engine.getExternalTaskService().complete(fetched.get(0).getId(), WORKER,
                Variables.createVariables().putValue(VAR_DIAGNOSIS, DIAGNOSIS));
        assertThat(issue).isWaitingAt(TASK_VERIFY_CREDENTIALS);
        return issue;
    }

    private void submitOutcome(ProcessInstance issue, String outcome) {
        engine.getFormService().submitTaskForm(verificationTask(issue).getId(),
                Variables.createVariables().putValue(VAR_OUTCOME, outcome));
    }

    private void correlateMidServerUp() {
        engine.getRuntimeService().createMessageCorrelation(MESSAGE_MID_SERVER_UP)
                .processInstanceBusinessKey(ISSUE_ID).correlateWithResult();
    }

    private void assertResolvedByMidServerUp(ProcessInstance issue) {
        assertThat(calls).endsWith("resolveIssue@" + TASK_RESOLVE_ON_UP);
        assertThat(issue).hasPassed(TASK_RESOLVE_ON_UP, END_RESOLVED_BY_MID_SERVER_UP)
                .hasNotPassed(END_RESOLVED_BY_HAND)
                .isEnded();
    }

    private Task verificationTask(ProcessInstance issue) {
        return task(issue, TASK_VERIFY_CREDENTIALS);
    }

    private Task task(ProcessInstance issue, String taskDefinitionKey) {
        Task task = engine.getTaskService().createTaskQuery().processInstanceId(issue.getId())
                .taskDefinitionKey(taskDefinitionKey).singleResult();
        assertThat(task).as("open task %s", taskDefinitionKey).isNotNull();
        return task;
    }

    private static List<String> constraints(FormField field) {
        return field.getValidationConstraints().stream().map(FormFieldValidationConstraint::getName).toList();
    }

    private void record(String bean, DelegateExecution execution) {
        calls.add(bean + "@" + execution.getCurrentActivityId());
    }

    /** Stands in for {@code notifyWebhooks}: whether webhooks are configured, and what was posted. */
    public static class RecordingNotifications implements JavaDelegate {

        volatile boolean configured;
        volatile RuntimeException failure;
        final List<String> posted = new CopyOnWriteArrayList<>();

        public boolean isConfigured() {
            return configured;
        }

        @Override
        public void execute(DelegateExecution execution) {
            if (failure != null) {
                throw failure;
            }
            posted.add(execution.getVariable(VAR_NOTIFICATION) + "@" + execution.getCurrentActivityId());
        }
    }

    private void claimed(DelegateTask task) {
        calls.add("acknowledgeIssueOnClaim@" + task.getTaskDefinitionKey());
        claimedBy.add(task.getAssignee() + "@" + task.getVariable(VAR_ISSUE_ID));
    }
}
