package io.midwatch.issue.diagnosis;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The in-process diagnosis worker.
 *
 * @param enabled  false when the worker runs as a process of its own (see docs/operations.md)
 * @param baseUrl  where MidWatch answers; empty means this application itself on its local port
 * @param user     Camunda user it authenticates as (a member of group mid_worker); empty means the account
 *                 MidWatch keeps for it, midwatch-worker
 * @param password its password, when {@code user} is set
 */
@ConfigurationProperties("midwatch.worker")
public record DiagnosisWorkerProperties(@DefaultValue("true") boolean enabled, String baseUrl, String user,
                                        String password) {
}
