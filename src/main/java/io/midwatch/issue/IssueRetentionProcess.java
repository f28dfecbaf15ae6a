package io.midwatch.issue;

/** Names of the retention model ({@code bpmn/issue-retention.bpmn}), run every 15 minutes by the job executor. */
public final class IssueRetentionProcess {

    public static final String PROCESS_KEY = "IssueRetention";

    private IssueRetentionProcess() {
    }
}
