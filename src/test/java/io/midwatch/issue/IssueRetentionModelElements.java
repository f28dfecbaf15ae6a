package io.midwatch.issue;

/**
 * Ids of the elements of {@code bpmn/issue-retention.bpmn} that tests wait at or assert on. The names the code itself
 * needs are in {@link IssueRetentionProcess}.
 */
public final class IssueRetentionModelElements {

    public static final String TIMER_RETENTION_CHECK = "Timer_RetentionCheck";
    public static final String TASK_REMOVE_EXPIRED_ISSUES = "Task_RemoveExpiredIssues";
    public static final String TASK_REMOVE_EXPIRED_FORECASTS = "Task_RemoveExpiredForecasts";
    public static final String END_RETENTION_DONE = "End_RetentionDone";

    private IssueRetentionModelElements() {
    }
}
