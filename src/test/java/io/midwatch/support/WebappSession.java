package io.midwatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;

/**
 * A user logged in to Tasklist through its login endpoint, calling the webapps' engine API
 * ({@code /camunda/api/engine/engine/default/...}) with the session cookie and CSRF token, as Tasklist does.
 */
public final class WebappSession {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CSRF_HEADER = "X-XSRF-TOKEN";

    private final String baseUrl;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    /** Camunda's CSRF token, renewed at login and sent with each answer that renews it. */
    private volatile String token;

    private WebappSession(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).build();
    }

    /** Opens Tasklist (which hands out the CSRF token) and logs in with its login form's request. */
    public static WebappSession logIn(String baseUrl, String user, String password) {
        var session = new WebappSession(baseUrl);
        session.send(HttpRequest.newBuilder(URI.create(baseUrl + "/camunda/app/tasklist/")).GET());
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        var login = session.send(session.withToken("/camunda/api/admin/auth/user/default/login/tasklist")
                .header(HttpHeaders.CONTENT_TYPE, "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (!login.getStatusCode().is2xxSuccessful()) {
            throw new IllegalStateException("login of " + user + " to Tasklist answered " + login.getStatusCode());
        }
        // the login starts a new session; its first read hands out the session's CSRF token, as Tasklist's does
        session.send(HttpRequest.newBuilder(URI.create(baseUrl + "/camunda/api/admin/auth/user/default")).GET());
        return session;
    }

    /** POSTs a JSON body to the webapps' engine API, e.g. {@code /task/count}. */
    public ResponseEntity<JsonNode> post(String enginePath, Object body) {
        try {
            return send(withToken("/camunda/api/engine/engine/default" + enginePath)
                    .header(HttpHeaders.CONTENT_TYPE, "application/json")
                    .header(HttpHeaders.ACCEPT, "application/json, application/problem+json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder withToken(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).header(CSRF_HEADER, token == null ? "" : token);
    }

    private ResponseEntity<JsonNode> send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            response.headers().firstValue(CSRF_HEADER).ifPresent(renewed -> token = renewed);
            boolean json = response.headers().firstValue(HttpHeaders.CONTENT_TYPE).orElse("").contains("json");
            JsonNode body = json && !response.body().isBlank() ? JSON.readTree(response.body()) : null;
            var headers = new HttpHeaders();
            response.headers().map().forEach(headers::addAll);
            return new ResponseEntity<>(body, headers, HttpStatusCode.valueOf(response.statusCode()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
