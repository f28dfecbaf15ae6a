package io.midwatch.notify;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import io.midwatch.issue.IssueProcess;

/**
 * The issue process's notifications: tells the operators, through the configured webhooks, that an issue
 * opened or resolved. Runs as an asynchronous task: a webhook that fails makes the job fail, the engine
 * retries it and then leaves an incident, while the issue goes on.
 */
@Component("notifyWebhooks")
public class NotifyWebhooks implements JavaDelegate {

    private final WebhookClient webhooks;
    private final NotifyProperties properties;
    private final Environment environment;
    private volatile String hostName;

    NotifyWebhooks(WebhookClient webhooks, NotifyProperties properties, Environment environment) {
        this.webhooks = webhooks;
        this.properties = properties;
        this.environment = environment;
    }

    /** Read by the model's gateways on every issue: without webhooks no notification job is created. */
    public boolean isConfigured() {
        return webhooks.anyConfigured();
    }

    @Override
    public void execute(DelegateExecution execution) {
        webhooks.post(text(execution));
    }

    /** Posts another feature's message to the configured webhooks; fails as {@link #execute} does. */
    public void post(String text) {
        webhooks.post(text);
    }

    String text(DelegateExecution execution) {
        String notification = IssueProcess.notification(execution);
        UUID issueId = IssueProcess.issueId(execution);
        String head = switch (notification) {
            case IssueProcess.NOTIFICATION_OPENED -> "MID Server issue opened";
            case IssueProcess.NOTIFICATION_RESOLVED -> "MID Server issue resolved";
            default -> throw new IllegalArgumentException("Unknown notification " + notification);
        };
        String base = linkBase();
        StringBuilder text = new StringBuilder()
                .append(head).append(": MID Server ").append(IssueProcess.midServerName(execution))
                .append(", user ").append(IssueProcess.userName(execution)).append(".\n")
                .append(IssueProcess.message(execution)).append('\n')
                .append("Issue: ").append(base).append("/api/issues/").append(issueId);
        if (IssueProcess.NOTIFICATION_OPENED.equals(notification)) {
            // Cockpit shows running processes only: a link for the open issue alone
            text.append("\nCockpit: ").append(base).append("/camunda/app/cockpit/")
                    .append(execution.getProcessEngine().getName()).append("/#/process-instance/")
                    .append(execution.getProcessInstanceId()).append("/runtime");
        }
        return text.toString();
    }

    /** How operators reach MidWatch, for links in messages. */
    public String linkBase() {
        if (properties.linkBaseUrl() != null) {
            String configured = properties.linkBaseUrl().toString();
            return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        }
        return "http://" + hostName() + ":" + environment.getProperty("local.server.port",
                environment.getProperty("server.port", "8080"));
    }

    private String hostName() {
        if (hostName == null) {
            try {
                hostName = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                hostName = "localhost";
            }
        }
        return hostName;
    }
}
