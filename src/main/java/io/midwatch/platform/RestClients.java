package io.midwatch.platform;

import java.time.Duration;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.web.client.RestClient;

/**
 * The HTTP clients MidWatch talks to other services with: Boot's builder (its observations and metrics), on the
 * JDK's client, following no redirect (Boot's builder follows them since 3.4), so that no credential or secret
 * URL is sent where the configured address did not say.
 */
public final class RestClients {

    private RestClients() {
    }

    public static RestClient withoutRedirects(RestClient.Builder boot, Duration connectTimeout, Duration readTimeout) {
        return boot.clone().requestFactory(ClientHttpRequestFactoryBuilder.jdk().build(
                ClientHttpRequestFactorySettings.defaults()
                        .withRedirects(ClientHttpRequestFactorySettings.Redirects.DONT_FOLLOW)
                        .withTimeouts(connectTimeout, readTimeout))).build();
    }
}
