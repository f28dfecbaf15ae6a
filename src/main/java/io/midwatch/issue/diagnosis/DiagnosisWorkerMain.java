package io.midwatch.issue.diagnosis;

import java.util.Map;

import org.camunda.bpm.client.backoff.BackoffStrategy;
import org.camunda.bpm.client.spring.annotation.ExternalTaskSubscription;
import org.camunda.bpm.client.spring.boot.starter.impl.ClientAutoConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

import io.midwatch.issue.IssueProcess;

/**
 * Runs the diagnosis worker as a process of its own, against a MidWatch somewhere else, through the
 * external-task-client starter: its client comes from {@code camunda.bpm.client.*}, which this class sets from
 * {@code MIDWATCH_URL} (default {@code http://localhost:8080}), {@code MIDWATCH_WORKER_USER} (a Camunda user in
 * the group {@code mid_worker}) and {@code MIDWATCH_WORKER_PASSWORD}, and the worker is its subscription. Start
 * MidWatch itself with {@code midwatch.worker.enabled=false} so that only this worker polls.
 * <p>
 * Deliberately not a component: MidWatch's own context must not pick this subscription up.
 */
@ImportAutoConfiguration({ClientAutoConfiguration.class, RestClientAutoConfiguration.class})
public class DiagnosisWorkerMain {

    static final String URL = "MIDWATCH_URL";
    static final String USER = "MIDWATCH_WORKER_USER";
    static final String PASSWORD = "MIDWATCH_WORKER_PASSWORD";

    public static void main(String[] args) {
        String user = System.getenv(USER);
        String password = System.getenv(PASSWORD);
        if (user == null || user.isBlank() || password == null || password.isBlank()) {
            System.err.println("Set " + USER + " and " + PASSWORD + " to the worker's own Camunda user, a member"
                    + " of the group mid_worker");
            System.exit(2);
        }
        start(args);
    }

    /** The worker's context; {@code args} may set the three variables, and any {@code camunda.bpm.client.*}. */
    static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(DiagnosisWorkerMain.class)
                .web(WebApplicationType.NONE)
                .properties(Map.of(
                        "camunda.bpm.client.base-url", "${" + URL + ":http://localhost:8080}/engine-rest",
                        "camunda.bpm.client.basic-auth.username", "${" + USER + "}",
                        "camunda.bpm.client.basic-auth.password", "${" + PASSWORD + "}",
                        "camunda.bpm.client.worker-id", "midwatch-diagnosis-${random.uuid}",
                        "camunda.bpm.client.lock-duration", Long.toString(CredentialDiagnosisWorker.LOCK_DURATION_MS)))
                .run(args);
    }

    @Bean
    @ExternalTaskSubscription(IssueProcess.TOPIC_CREDENTIAL_DIAGNOSIS)
    CredentialDiagnosisWorker credentialDiagnosisWorker(Environment environment, RestClient.Builder restClients) {
        return new CredentialDiagnosisWorker(new MidWatchApiClient(restClients,
                environment.getProperty(URL, "http://localhost:8080"),
                environment.getRequiredProperty(USER), environment.getRequiredProperty(PASSWORD)));
    }

    @Bean
    BackoffStrategy idleBackoff() {
        return CredentialDiagnosisWorker.idleBackoff();
    }
}
