package io.midwatch.issue.diagnosis;

import org.camunda.bpm.client.ExternalTaskClient;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.midwatch.platform.AdminAccount;

/** Runs the diagnosis worker inside MidWatch, once MidWatch answers HTTP and its administrator exists. */
@Component
class DiagnosisWorkerLauncher {

    private final DiagnosisWorkerProperties properties;
    private final AdminAccount adminAccount;
    private ExternalTaskClient client;

    DiagnosisWorkerLauncher(DiagnosisWorkerProperties properties, AdminAccount adminAccount) {
        this.properties = properties;
        this.adminAccount = adminAccount;
    }

    @EventListener
    synchronized void start(ApplicationReadyEvent event) {
        if (!properties.isEnabled() || client != null
                || !(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        String baseUrl = hasText(properties.baseUrl()) ? properties.baseUrl()
                : "http://localhost:" + web.getWebServer().getPort();
        String user = hasText(properties.user()) ? properties.user() : adminAccount.userId();
        String password = hasText(properties.password()) ? properties.password() : adminAccount.password();
        client = CredentialDiagnosisWorker.start(baseUrl, user, password);
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
