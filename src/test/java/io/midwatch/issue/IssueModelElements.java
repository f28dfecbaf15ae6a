package io.midwatch.issue;

/**
 * Ids of the elements of {@code bpmn/mid-server-issue.bpmn} that tests wait at or assert on, and the values of the
 * verification task's form. The names the code itself needs (process key, messages, variables) are in
 * {@link IssueProcess}.
 */
public final class IssueModelElements {

    public static final String TASK_NOTIFY_OPENED = "Task_NotifyOpened";
    public static final String END_OPERATORS_TOLD_OF_ISSUE = "End_OperatorsToldOfIssue";
    public static final String TASK_DIAGNOSE = "Task_DiagnoseCredentials";
    public static final String TASK_RECORD_DIAGNOSIS = "Task_RecordDiagnosis";
    public static final String TASK_VERIFY_CREDENTIALS = "Task_VerifyCredentials";
    public static final String TASK_CHECK_MID_SERVER_STATUS = "Task_CheckMidServerStatus";
    public static final String TASK_NOTIFY_RESOLVED_ALREADY_UP = "Task_NotifyAlreadyUp";
    public static final String END_ALREADY_UP = "End_MidServerAlreadyUp";
    public static final String TASK_ACKNOWLEDGE_ISSUE = "Task_AcknowledgeIssue";
    public static final String TASK_LOOK_FOR_OTHER_CAUSES = "Task_LookForOtherCauses";
    public static final String TASK_AWAIT_MID_SERVER_UP = "Task_AwaitMidServerUp";
    public static final String TASK_RESOLVE_ON_UP = "Task_ResolveIssue";
    public static final String TASK_NOTIFY_RESOLVED_ON_UP = "Task_NotifyOnUp";
    public static final String END_RESOLVED_BY_MID_SERVER_UP = "End_ResolvedByMidServerUp";
    public static final String TASK_NOTIFY_RESOLVED_BY_HAND = "Task_NotifyByHand";
    public static final String END_RESOLVED_BY_HAND = "End_ResolvedByHand";

    /** Form field of the verification task: one of the two outcomes below. */
    public static final String VAR_OUTCOME = "outcome";
    public static final String OUTCOME_CREDENTIALS_FIXED = "credentialsFixed";
    public static final String OUTCOME_CREDENTIALS_CORRECT = "credentialsCorrect";

    private IssueModelElements() {
    }
}
