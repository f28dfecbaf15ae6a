package io.midwatch.notify;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import io.midwatch.platform.RestClients;

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
    private final RestClient rest;

    /** From Boot's builder (its metrics name the host only: no URI template is used); redirects are not followed. */
    WebhookClient(NotifyProperties properties, ObjectMapper json, RestClient.Builder restClients) {
        this.properties = properties;
        this.json = json;
        this.rest = RestClients.withoutRedirects(restClients, properties.connectTimeout(), properties.requestTimeout());
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
        try {
            int status = rest.post().uri(webhook).contentType(MediaType.APPLICATION_JSON).body(body)
                    .exchange((request, response) -> response.getStatusCode().value());
            if (status / 100 == 2) {
                log.info("Notification posted to the webhook at {}", webhook.getHost());
                return null;
            }
            log.warn("The webhook at {} answered HTTP {}", webhook.getHost(), status);
            return "HTTP " + status;
        } catch (RestClientException e) {
            // the class of the I/O failure only: the messages quote the address
            String failure = (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName();
            log.warn("The webhook at {} could not be reached: {}", webhook.getHost(), failure);
            return failure;
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
