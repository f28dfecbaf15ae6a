package io.midwatch.issue.diagnosis;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The few reads of MidWatch's own API the diagnosis needs, so that the worker can run anywhere. */
class MidWatchApiClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String baseUrl;
    private final String authorization;

    MidWatchApiClient(String baseUrl, String user, String password) {
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

    /** @return the user as the instance has it, or null when the instance has no such user */
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
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404 && notFoundIsNull) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
