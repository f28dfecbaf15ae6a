package io.midwatch.issue;

/** Names shared by the issue model ({@code bpmn/mid-server-issue.bpmn}) and the code. */
public final class IssueProcess {

    public static final String PROCESS_KEY = "MidServerIssue";

    public static final String MESSAGE_MID_SERVER_UP = "MidServerUp";
    public static final String MESSAGE_RESOLVED_BY_HAND = "IssueResolvedByHand";

    public static final String TOPIC_CREDENTIAL_DIAGNOSIS = "mid-credential-diagnosis";

    public static final String VAR_ISSUE_ID = "issueId";
    public static final String VAR_MID_SERVER_NAME = "midServerName";
    /** The ServiceNow instance the MID Server was read from; null for one registered through the API. */
    public static final String VAR_INSTANCE = "instance";
    public static final String VAR_USER_NAME = "userName";
    public static final String VAR_CLONE_ID = "cloneId";
    public static final String VAR_MESSAGE = "message";
    public static final String VAR_DIAGNOSIS = "diagnosis";
    /** Form field of the verification task: one of the two outcomes below. */
    public static final String VAR_OUTCOME = "outcome";
    public static final String OUTCOME_CREDENTIALS_FIXED = "credentialsFixed";
    public static final String OUTCOME_CREDENTIALS_CORRECT = "credentialsCorrect";
    public static final String VAR_MID_SERVER_UP = "midServerUp";
    /** Local input of the notification tasks: one of the two below. */
    public static final String VAR_NOTIFICATION = "notification";
    public static final String NOTIFICATION_OPENED = "opened";
    public static final String NOTIFICATION_RESOLVED = "resolved";

    public static final String TASK_DIAGNOSE = "Task_DiagnoseCredentials";
    public static final String TASK_VERIFY_CREDENTIALS = "Task_VerifyCredentials";
    public static final String TASK_LOOK_FOR_OTHER_CAUSES = "Task_LookForOtherCauses";
    public static final String TASK_AWAIT_MID_SERVER_UP = "Task_AwaitMidServerUp";
    public static final String END_RESOLVED_BY_MID_SERVER_UP = "End_ResolvedByMidServerUp";
    public static final String END_RESOLVED_BY_HAND = "End_ResolvedByHand";
    public static final String END_ALREADY_UP = "End_MidServerAlreadyUp";
    /** The asynchronous notification tasks, one where the issue opens and one on each way it resolves. */
    public static final String TASK_NOTIFY_OPENED = "Task_NotifyOpened";
    public static final String TASK_NOTIFY_RESOLVED_ALREADY_UP = "Task_NotifyAlreadyUp";
    public static final String TASK_NOTIFY_RESOLVED_ON_UP = "Task_NotifyOnUp";
    public static final String TASK_NOTIFY_RESOLVED_BY_HAND = "Task_NotifyByHand";
    public static final String END_OPERATORS_TOLD_OF_ISSUE = "End_OperatorsToldOfIssue";

    private IssueProcess() {
    }
}
