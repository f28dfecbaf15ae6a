package io.midwatch.issue.diagnosis;

import org.camunda.bpm.client.ExternalTaskClient;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import io.midwatch.issue.DiagnosisWorkerAccount;

/**
 * Runs the diagnosis worker inside MidWatch once MidWatch answers HTTP, as its own Camunda account (group
 * {@code mid_worker}), never as the administrator: guessing the administrator's password must not stop it.
 */
@Component
class DiagnosisWorkerLauncher {

    private final DiagnosisWorkerProperties properties;
    private final DiagnosisWorkerAccount account;
    private final ProcessEngine processEngine;
    private final RestClient.Builder restClients;
    private ExternalTaskClient client;

    DiagnosisWorkerLauncher(DiagnosisWorkerProperties properties, DiagnosisWorkerAccount account,
                            ProcessEngine processEngine, RestClient.Builder restClients) {
        this.properties = properties;
        this.account = account;
        this.processEngine = processEngine;
        this.restClients = restClients;
    }

    @EventListener
    synchronized void start(ApplicationReadyEvent event) {
        if (!properties.enabled() || client != null
                || !(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        String baseUrl = hasText(properties.baseUrl()) ? properties.baseUrl()
                : "http://localhost:" + web.getWebServer().getPort();
        DiagnosisWorkerAccount.Credentials credentials = hasText(properties.user())
                ? new DiagnosisWorkerAccount.Credentials(properties.user(), properties.password())
                : account.inProcessWorker();
        client = CredentialDiagnosisWorker.start(restClients, baseUrl, processEngine.getName(), credentials.user(),
                credentials.password());
    }

    @EventListener(ContextClosedEvent.class)
    synchronized void stop() {
        if (client != null) {
            client.stop();
            client = null;
        }
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
