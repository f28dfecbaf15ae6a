package io.midwatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * A browser without a browser: keeps cookies across MidWatch and the identity provider, follows redirects one
 * by one (so a test sees each of them), and sends Camunda's CSRF token back as the webapps do.
 */
public final class CookieKeepingClient {

    private static final String CSRF_HEADER = "X-XSRF-TOKEN";

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<URI> visited = new ArrayList<>();
    private String csrfToken = "";

    /** GETs the URL and follows its redirects; the last answer. */
    public HttpResponse<String> open(String url) {
        URI next = URI.create(url);
        for (int hop = 0; hop < 10; hop++) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(next).GET());
            var location = response.headers().firstValue("Location");
            if (response.statusCode() / 100 != 3 || location.isEmpty()) {
                return response;
            }
            next = next.resolve(location.get());
        }
        throw new IllegalStateException("more than 10 redirects from " + url);
    }

    /** POSTs a JSON body with the CSRF token; no redirect followed. */
    public HttpResponse<String> postJson(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header(CSRF_HEADER, csrfToken)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Every URL requested, in order. */
    public List<URI> visited() {
        return visited;
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        visited.add(built.uri());
        try {
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            response.headers().firstValue(CSRF_HEADER).ifPresent(token -> csrfToken = token);
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
