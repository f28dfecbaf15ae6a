package io.midwatch.issue.diagnosis;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import io.midwatch.platform.RestClients;

/** The few reads of MidWatch's own API the diagnosis needs, so that the worker can run anywhere. */
class MidWatchApiClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Below the task's lock of 30 s: a read of a pass's users from an instance may take several requests,
     * and a worker that gives up on it finds them read when it asks again.
     */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    /** An answer of MidWatch, whatever its status. */
    private record Answer(int status, HttpHeaders headers, String body) {
    }

    private final RestClient rest;
    private final ObjectMapper json = new ObjectMapper();
    private final String baseUrl;
    private final String authorization;

    /**
     * @param restClients Boot's builder where there is one; it is used on the JDK's client with redirects off
     *                    (the worker's credentials go to MidWatch only) and with time-outs
     */
    MidWatchApiClient(RestClient.Builder restClients, String baseUrl, String user, String password) {
        this.rest = RestClients.withoutRedirects(restClients, CONNECT_TIMEOUT, READ_TIMEOUT);
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** @return the user, or null when MidWatch has no such user */
    CredentialDiagnosis.UserFacts user(String userName) throws IOException, InterruptedException {
        JsonNode user = get("/api/users/" + segment(userName), true);
        return user == null ? null : new CredentialDiagnosis.UserFacts(user.path("active").asBoolean(),
                user.path("lockedOut").asBoolean(), roles(user));
    }

    private static List<String> roles(JsonNode user) {
        List<String> roles = new ArrayList<>();
        user.path("roles").forEach(role -> roles.add(role.asText()));
        return roles;
    }

    private static Boolean optionalFlag(JsonNode user, String field) {
        JsonNode value = user.path(field);
        return value.isBoolean() ? value.asBoolean() : null;
    }

    /**
     * @return the user as the instance has it, or null when the instance has no such user
     * @throws RetryLater when the instance's rate limit holds MidWatch back
     */
    CredentialDiagnosis.UserFacts instanceUser(String instance, String userName) throws IOException,
            InterruptedException {
        JsonNode user = get("/api/instances/" + segment(instance) + "/users/" + segment(userName), true);
        if (user == null) {
            // a 404 for the user, not for an instance MidWatch does not know (which fails here)
            get("/api/instances/" + segment(instance), false);
            return null;
        }
        JsonNode failedAttempts = user.path("failedAttempts");
        JsonNode lastLogin = user.path("lastLoginTime");
        return new CredentialDiagnosis.UserFacts(user.path("active").asBoolean(), user.path("lockedOut").asBoolean(),
                roles(user), user.path("passwordNeedsReset").asBoolean(),
                optionalFlag(user, "webServiceAccessOnly"), optionalFlag(user, "internalIntegrationUser"),
                failedAttempts.isInt() ? failedAttempts.asInt() : null,
                lastLogin.isTextual() ? lastLogin.asText() : null);
    }

    /** @return the reason of the MID Server's last failed login, or null */
    String lastLoginFailure(String midServerName) throws IOException, InterruptedException {
        JsonNode midServer = get("/api/mid-servers/" + segment(midServerName), false);
        JsonNode reason = midServer.path("lastLoginFailureReason");
        return reason.isNull() || reason.isMissingNode() ? null : reason.asText();
    }

    private JsonNode get(String path, boolean notFoundIsNull) throws IOException, InterruptedException {
        Answer answer;
        try {
            answer = rest.get().uri(URI.create(baseUrl + path))
                    .header(HttpHeaders.AUTHORIZATION, authorization)
                    .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                    .exchange((request, response) -> new Answer(response.getStatusCode().value(),
                            response.getHeaders(),
                            new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
        } catch (RestClientException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("GET " + path + " was interrupted");
            }
            throw new IOException("GET " + path + " failed: " + e.getMostSpecificCause(), e);
        }
        if (answer.status() == 404 && notFoundIsNull) {
            return null;
        }
        Duration retryAfter = retryAfter(answer);
        if ((answer.status() == 503 || answer.status() == 429) && retryAfter != null) {
            throw new RetryLater("GET " + path + " answered " + answer.status() + ": " + answer.body(), retryAfter);
        }
        if (answer.status() != 200) {
            throw new IOException("GET " + path + " answered " + answer.status() + ": " + answer.body());
        }
        return json.readTree(answer.body());
    }

    /** {@code Retry-After} in seconds, or null when there is none. */
    private static Duration retryAfter(Answer answer) {
        String header = answer.headers().getFirst(HttpHeaders.RETRY_AFTER);
        if (header == null || !header.trim().matches("\\d{1,9}")) {
            return null;
        }
        return Duration.ofSeconds(Long.parseLong(header.trim()));
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** MidWatch asks to be asked again after {@link #retryAfter()}: no failure of the diagnosis. */
    static final class RetryLater extends IOException {

        private final Duration retryAfter;

        RetryLater(String message, Duration retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }
}
