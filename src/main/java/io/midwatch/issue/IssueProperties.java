package io.midwatch.issue;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Issues.
 *
 * @param retention how long after its creation an issue is removed, whatever its state (R8)
 */
@ConfigurationProperties("midwatch.issue")
public record IssueProperties(@DefaultValue("P10D") Duration retention) {

    public IssueProperties {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("midwatch.issue.retention must be positive, got " + retention);
        }
    }
}
