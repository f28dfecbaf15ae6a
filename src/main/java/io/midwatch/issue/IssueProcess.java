package io.midwatch.issue;

import java.util.UUID;

import org.camunda.bpm.engine.delegate.VariableScope;

import io.midwatch.platform.ProcessVariables;

/**
 * Names shared by the issue model ({@code bpmn/mid-server-issue.bpmn}) and the code, and typed reads of the
 * process's variables, so that delegates and listeners never cast.
 */
public final class IssueProcess {

    public static final String PROCESS_KEY = "MidServerIssue";

    public static final String MESSAGE_MID_SERVER_UP = "MidServerUp";
    public static final String MESSAGE_RESOLVED_BY_HAND = "IssueResolvedByHand";

    public static final String TOPIC_CREDENTIAL_DIAGNOSIS = "mid-credential-diagnosis";
    /**
     * How a diagnosis's error message begins when it waits for an instance's rate limit: no failure, it
     * spends no retry and no metric counts it.
     */
    public static final String DIAGNOSIS_WAITS_FOR_RATE_LIMIT = "Waiting for the instance's rate limit";

    public static final String VAR_ISSUE_ID = "issueId";
    public static final String VAR_MID_SERVER_NAME = "midServerName";
    /** The ServiceNow instance the MID Server was read from; null for one registered through the API. */
    public static final String VAR_INSTANCE = "instance";
    public static final String VAR_USER_NAME = "userName";
    public static final String VAR_CLONE_ID = "cloneId";
    public static final String VAR_MESSAGE = "message";
    public static final String VAR_DIAGNOSIS = "diagnosis";
    /** The fault the diagnosis found, a {@link Finding}, for the metrics. */
    public static final String VAR_DIAGNOSIS_FINDING = "diagnosisFinding";
    public static final String VAR_MID_SERVER_UP = "midServerUp";
    /** Local input of the notification tasks: one of the two below. */
    public static final String VAR_NOTIFICATION = "notification";
    public static final String NOTIFICATION_OPENED = "opened";
    public static final String NOTIFICATION_RESOLVED = "resolved";

    /** The resolve tasks that tell why an issue resolves; the third resolves it because its MID Server came Up. */
    public static final String TASK_RESOLVE_ALREADY_UP = "Task_ResolveAlreadyUp";
    public static final String TASK_RESOLVE_BY_HAND = "Task_ResolveIssueByHand";

    private IssueProcess() {
    }

    public static UUID issueId(VariableScope scope) {
        return UUID.fromString(ProcessVariables.string(scope, VAR_ISSUE_ID));
    }

    public static String midServerName(VariableScope scope) {
        return ProcessVariables.string(scope, VAR_MID_SERVER_NAME);
    }

    public static String instance(VariableScope scope) {
        return ProcessVariables.string(scope, VAR_INSTANCE);
    }

    public static String userName(VariableScope scope) {
        return ProcessVariables.string(scope, VAR_USER_NAME);
    }

    public static String message(VariableScope scope) {
        return ProcessVariables.string(scope, VAR_MESSAGE);
    }

    public static String diagnosis(VariableScope scope) {
        return ProcessVariables.string(scope, VAR_DIAGNOSIS);
    }

    /** Null from a worker that does not name its finding. */
    public static String diagnosisFinding(VariableScope scope) {
        return ProcessVariables.string(scope, VAR_DIAGNOSIS_FINDING);
    }

    public static String notification(VariableScope scope) {
        return ProcessVariables.string(scope, VAR_NOTIFICATION);
    }
}
