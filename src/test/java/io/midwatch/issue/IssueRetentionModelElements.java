package io.midwatch.issue;

/**
 * Ids of the elements of {@code bpmn/issue-retention.bpmn} that tests wait at or assert on. The names the code itself
 * needs are in {@link IssueRetentionProcess}.
 */
public final class IssueRetentionModelElements {

    public static final String TIMER_RETENTION_CHECK = "Timer_RetentionCheck";

    private IssueRetentionModelElements() {
    }
}
