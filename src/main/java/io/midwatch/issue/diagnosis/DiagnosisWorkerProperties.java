package io.midwatch.issue.diagnosis;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The in-process diagnosis worker.
 *
 * @param enabled  false when the worker runs as a process of its own (see docs/operations.md)
 * @param baseUrl  where MidWatch answers; empty means this application itself on its local port
 * @param user     Camunda user it authenticates as; empty means the administrator
 * @param password its password; empty means the administrator's
 */
@ConfigurationProperties("midwatch.worker")
public record DiagnosisWorkerProperties(Boolean enabled, String baseUrl, String user, String password) {

    public boolean isEnabled() {
        return enabled == null || enabled;
    }
}
