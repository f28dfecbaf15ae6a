package io.midwatch.issue.diagnosis;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import org.camunda.bpm.client.ExternalTaskClient;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.client.backoff.BackoffStrategy;
import org.camunda.bpm.client.backoff.ExponentialBackoffStrategy;
import org.camunda.bpm.client.interceptor.auth.BasicAuthProvider;
import org.camunda.bpm.client.task.ExternalTask;
import org.camunda.bpm.client.task.ExternalTaskHandler;
import org.camunda.bpm.client.task.ExternalTaskService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.client.RestClient;

import io.midwatch.issue.IssueProcess;

/**
 * The external task worker of the topic {@code mid-credential-diagnosis} (R11). It talks to MidWatch only
 * over HTTP ({@code /engine-rest} and {@code /api}), so the same worker runs inside MidWatch or as a
 * process of its own (docs/adr/0004-worker-talks-over-http.md). A failure is retried a few times, then
 * left as an incident for Cockpit; an instance's rate limit is waited for, as its {@code Retry-After} says,
 * without spending a retry.
 */
public class CredentialDiagnosisWorker implements ExternalTaskHandler {

    static final int RETRIES = 3;
    static final long RETRY_TIMEOUT_MS = 10_000;
    /** A worker that dies gives its task up after this long. */
    static final long LOCK_DURATION_MS = 30_000;

    private static final Logger log = LoggerFactory.getLogger(CredentialDiagnosisWorker.class);

    private final MidWatchApiClient api;

    CredentialDiagnosisWorker(MidWatchApiClient api) {
        this.api = api;
    }

    /**
     * Starts the in-process worker: polling the engine {@code engineName} of the MidWatch at {@code baseUrl}
     * (e.g. {@code http://localhost:8080}) as the given user. It builds its client here rather than through the
     * starter's subscriptions, which {@link DiagnosisWorkerMain} uses: the port and the password are known only
     * once MidWatch answers (docs/adr/0004-worker-talks-over-http.md).
     */
    static ExternalTaskClient start(RestClient.Builder restClients, String baseUrl, String engineName, String user,
                                    String password) {
        String root = baseUrl.replaceAll("/+$", "");
        String engineRest = root + "/engine-rest"
                + (ProcessEngines.NAME_DEFAULT.equals(engineName) ? "" : "/engine/" + engineName);
        ExternalTaskClient client = ExternalTaskClient.create()
                .baseUrl(engineRest)
                .workerId("midwatch-diagnosis-" + java.util.UUID.randomUUID().toString().substring(0, 8))
                .addInterceptor(new BasicAuthProvider(user, password))
                .lockDuration(LOCK_DURATION_MS)
                .backoffStrategy(idleBackoff())
                .build();
        client.subscribe(IssueProcess.TOPIC_CREDENTIAL_DIAGNOSIS)
                .handler(new CredentialDiagnosisWorker(new MidWatchApiClient(restClients, root, user, password)))
                .open();
        log.info("Credential diagnosis worker polls {} for topic {}", engineRest,
                IssueProcess.TOPIC_CREDENTIAL_DIAGNOSIS);
        return client;
    }

    /**
     * Plain polling, backing off from 0.5 s to 2 s while idle: the engine's long-polling handler is one per JVM,
     * and an embedding that stops a second REST layer would stop it for all.
     */
    static BackoffStrategy idleBackoff() {
        return new ExponentialBackoffStrategy(500, 2, 2_000);
    }

    @Override
    public void execute(ExternalTask task, ExternalTaskService service) {
        String midServerName = task.getVariable(IssueProcess.VAR_MID_SERVER_NAME);
        String userName = task.getVariable(IssueProcess.VAR_USER_NAME);
        String instance = task.getVariable(IssueProcess.VAR_INSTANCE);
        try {
            CredentialDiagnosis.Diagnosis diagnosis = diagnose(instance, midServerName, userName);
            service.complete(task, Map.of(IssueProcess.VAR_DIAGNOSIS, diagnosis.line(),
                    IssueProcess.VAR_DIAGNOSIS_FINDING, diagnosis.finding().name()));
            log.info("Diagnosis of MID Server {} (issue {}): {}", midServerName, task.getBusinessKey(),
                    diagnosis.line());
        } catch (MidWatchApiClient.RetryLater e) {
            // the instance's rate limit: asked again when it lets MidWatch through, spending no retry
            int retries = task.getRetries() == null ? RETRIES : task.getRetries();
            long seconds = Math.max(1, e.retryAfter().toSeconds());
            log.debug("Diagnosis of MID Server {} waits {} s for the rate limit of instance {}", midServerName,
                    seconds, instance);
            service.handleFailure(task, IssueProcess.DIAGNOSIS_WAITS_FOR_RATE_LIMIT + ": asked again in " + seconds
                    + " s", e.getMessage(), retries, seconds * 1000);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            int retriesLeft = task.getRetries() == null ? RETRIES - 1 : task.getRetries() - 1;
            log.warn("Diagnosis of MID Server {} failed ({} retries left): {}", midServerName, retriesLeft,
                    e.toString());
            service.handleFailure(task, "Credential diagnosis failed: " + e.getMessage(), stackTrace(e),
                    Math.max(retriesLeft, 0), RETRY_TIMEOUT_MS);
        }
    }

    /**
     * A MID Server registered through the API is diagnosed from MidWatch's own users and its last failed
     * heartbeat; one read from a ServiceNow instance from its user on that instance, which MidWatch reads
     * there on the worker's behalf ({@code GET /api/instances/{instance}/users/{userName}}).
     */
    CredentialDiagnosis.Diagnosis diagnose(String instance, String midServerName, String userName)
            throws IOException, InterruptedException {
        if (instance == null) {
            return CredentialDiagnosis.diagnose(midServerName, userName, api.user(userName),
                    api.lastLoginFailure(midServerName));
        }
        return CredentialDiagnosis.diagnoseOnInstance(instance, midServerName, userName,
                api.instanceUser(instance, userName));
    }

    private static String stackTrace(Exception e) {
        var text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
