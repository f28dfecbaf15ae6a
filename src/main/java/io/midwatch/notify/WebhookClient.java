package io.midwatch.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Posts {@code {"text": ...}}, the body Slack's and Microsoft Teams' incoming webhooks take as it is, to every
 * configured webhook, the text as plain text ({@link WebhookText}). A webhook URL is a secret (whoever has it
 * can post): logs and failures name its host only.
 */
@Component
class WebhookClient {

    private static final Logger log = LoggerFactory.getLogger(WebhookClient.class);

    private final NotifyProperties properties;
    private final ObjectMapper json;
    private final HttpClient http;

    WebhookClient(NotifyProperties properties, ObjectMapper json) {
        this.properties = properties;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    boolean anyConfigured() {
        return !properties.webhooks().isEmpty();
    }

    /**
     * Posts the text to each webhook, all of them even when one fails.
     *
     * @throws WebhookFailedException naming the hosts of the webhooks that failed
     */
    void post(String text) {
        String body = body(text);
        List<String> failures = new ArrayList<>();
        for (URI webhook : properties.webhooks()) {
            String failure = post(webhook, body);
            if (failure != null) {
                failures.add(webhook.getHost() + " (" + failure + ")");
            }
        }
        if (!failures.isEmpty()) {
            throw new WebhookFailedException(failures.size() + " of " + properties.webhooks().size()
                    + " webhooks failed: " + String.join(", ", failures));
        }
    }

    /** @return null when the webhook took the message, else why not, without the URL */
    private String post(URI webhook, String body) {
        HttpRequest request = HttpRequest.newBuilder(webhook)
                .timeout(properties.requestTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                log.info("Notification posted to the webhook at {}", webhook.getHost());
                return null;
            }
            log.warn("The webhook at {} answered HTTP {}", webhook.getHost(), response.statusCode());
            return "HTTP " + response.statusCode();
        } catch (IOException e) {
            // the class only: messages of the HTTP client may quote the address
            log.warn("The webhook at {} could not be reached: {}", webhook.getHost(), e.getClass().getSimpleName());
            return e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private String body(String text) {
        try {
            return json.writeValueAsString(Map.of("text", WebhookText.plain(text)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A notification could not be written as JSON", e);
        }
    }

    /** Carries no cause: the HTTP client's exceptions may quote the webhook's address. */
    static class WebhookFailedException extends RuntimeException {

        WebhookFailedException(String message) {
            super(message, null, false, true);
        }
    }
}
