package io.midwatch.issue;

/** The filters of {@code GET /api/issues}; null means any. */
public record IssueFilter(IssueState state, String source, String midServer, String cloneId, String instance) {

    public IssueFilter(IssueState state, String source, String midServer, String cloneId) {
        this(state, source, midServer, cloneId, null);
    }

    public static IssueFilter ofClone(String cloneId) {
        return new IssueFilter(null, null, null, cloneId);
    }
}
