package io.midwatch.notify;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the operators are told of issues that open and resolve. Nothing configured: nothing is posted.
 *
 * @param webhooks        incoming webhook URLs (Slack, Microsoft Teams, anything that takes {@code {"text": ...}});
 *                        they carry secrets, so they are never logged, only their hosts
 * @param linkBaseUrl     how operators reach MidWatch, for the links in the messages; none: this machine's host
 *                        name and the server's port
 * @param connectTimeout  longest wait for a webhook's connection
 * @param requestTimeout  longest wait for a webhook's answer
 */
@ConfigurationProperties("midwatch.notify")
public record NotifyProperties(@DefaultValue List<URI> webhooks, URI linkBaseUrl,
                               @DefaultValue("PT5S") Duration connectTimeout,
                               @DefaultValue("PT10S") Duration requestTimeout) {

    public NotifyProperties {
        webhooks = List.copyOf(webhooks);
        for (int i = 0; i < webhooks.size(); i++) {
            if (!isHttpUrl(webhooks.get(i))) {
                // the value stays out of the message: a webhook URL is a secret
                throw new IllegalArgumentException("midwatch.notify.webhooks[" + i + "] must be an http or https URL");
            }
        }
        if (linkBaseUrl != null && !isHttpUrl(linkBaseUrl)) {
            throw new IllegalArgumentException("midwatch.notify.link-base-url must be an http or https URL, got "
                    + linkBaseUrl);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative()
                || requestTimeout.isZero()) {
            throw new IllegalArgumentException("midwatch.notify: the timeouts must be positive");
        }
    }

    private static boolean isHttpUrl(URI uri) {
        return uri.isAbsolute() && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                && uri.getHost() != null;
    }
}
