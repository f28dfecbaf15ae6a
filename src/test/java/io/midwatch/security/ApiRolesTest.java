package io.midwatch.security;

import static io.midwatch.support.TestAccounts.INTEGRATION;
import static io.midwatch.support.TestAccounts.MONITOR;
import static io.midwatch.support.TestAccounts.OPERATOR;
import static io.midwatch.support.TestAccounts.STRANGER;
import static io.midwatch.support.TestAccounts.WORKER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;
import io.midwatch.support.TestAccounts;

/**
 * Who may call what under /api, its description and the actuator (docs/security.md): every role against every
 * endpoint family. An allowed call gets its answer; a refused one gets 403 naming the role it lacks and changes
 * nothing.
 */
class ApiRolesTest extends PostgresIntegrationTest {

    private static final String ADMIN = "admin";
    private static final List<String> EVERYBODY = List.of(ADMIN, OPERATOR, INTEGRATION, WORKER, MONITOR, STRANGER);

    @Autowired
    IdentityService identityService;

    /** One endpoint family: a call and the users that may make it. */
    record Call(HttpMethod method, String path, Object body, Set<String> allowed) {

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static List<Call> calls() {
        String unknownIssue = "/api/issues/" + UUID.nameUUIDFromBytes(new byte[] {1});
        return List.of(
                new Call(HttpMethod.GET, "/api/mid-servers", null, Set.of(ADMIN, OPERATOR, INTEGRATION, WORKER)),
                new Call(HttpMethod.GET, "/api/mid-servers/mid-1", null, Set.of(ADMIN, OPERATOR, INTEGRATION, WORKER)),
                new Call(HttpMethod.GET, "/api/mid-servers/mid-1/issues", null, Set.of(ADMIN, OPERATOR)),
                new Call(HttpMethod.POST, "/api/mid-servers", Api.midServer("mid-2", "mid.user", "Up"),
                        Set.of(ADMIN, INTEGRATION)),
                new Call(HttpMethod.PUT, "/api/mid-servers/mid-1/status", Map.of("status", "Up"),
                        Set.of(ADMIN, INTEGRATION)),
                new Call(HttpMethod.GET, "/api/clones", null, Set.of(ADMIN, OPERATOR, INTEGRATION)),
                new Call(HttpMethod.GET, "/api/clones/clone-1", null, Set.of(ADMIN, OPERATOR, INTEGRATION)),
                new Call(HttpMethod.POST, "/api/clones",
                        Map.of("cloneId", "clone-2", "sourceInstance", "prod", "targetInstance", "test"),
                        Set.of(ADMIN, INTEGRATION)),
                new Call(HttpMethod.GET, "/api/issues", null, Set.of(ADMIN, OPERATOR)),
                new Call(HttpMethod.GET, unknownIssue, null, Set.of(ADMIN, OPERATOR)),
                new Call(HttpMethod.PATCH, unknownIssue, Map.of("state", "Resolved"), Set.of(ADMIN, OPERATOR)),
                new Call(HttpMethod.GET, "/api/forecasts", null, Set.of(ADMIN, OPERATOR)),
                new Call(HttpMethod.GET, "/api/forecasts/clone-1", null, Set.of(ADMIN, OPERATOR)),
                new Call(HttpMethod.POST, "/api/forecasts/clone-1/recompute", null, Set.of(ADMIN, OPERATOR)),
                new Call(HttpMethod.GET, "/api/users/mid.user", null, Set.of(ADMIN, OPERATOR, WORKER)),
                new Call(HttpMethod.PUT, "/api/users/intruder", Map.of("password", "x", "roles", List.of("mid_server")),
                        Set.of(ADMIN)),
                new Call(HttpMethod.GET, "/api/instances", null, Set.of(ADMIN, OPERATOR)),
                new Call(HttpMethod.GET, "/api/instances/acmetest", null, Set.of(ADMIN, OPERATOR, WORKER)),
                new Call(HttpMethod.GET, "/api/instances/acmetest/users/mid.user", null, Set.of(ADMIN, WORKER)),
                new Call(HttpMethod.GET, "/v3/api-docs", null, Set.of(ADMIN, OPERATOR, INTEGRATION)),
                new Call(HttpMethod.GET, "/actuator/health", null, Set.of(ADMIN, OPERATOR, MONITOR)),
                new Call(HttpMethod.GET, "/actuator/prometheus", null, Set.of(ADMIN, MONITOR)));
    }


    @BeforeEach
    void oneMidServerOneUserOneClone() {
        TestAccounts.ensure(identityService);
        api.put("/api/users/mid.user", Map.of("password", "Mid-Server-Pass-1", "roles", List.of("mid_server")));
        api.post("/api/mid-servers", Api.midServer("mid-1", "mid.user", "Down"));
        api.post("/api/clones", Map.of("cloneId", "clone-1", "sourceInstance", "prod", "targetInstance", "test"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void eachRoleGetsWhatTheTableGrantsAndNothingElse(Call call) {
        // refused callers first: what they try must leave the records as the allowed ones found them
        EVERYBODY.stream().sorted((a, b) -> Boolean.compare(call.allowed().contains(a), call.allowed().contains(b)))
                .forEach(user -> callAs(user, call));
    }

    private void callAs(String user, Call call) {
        // Given the records as they are before the call
        String before = recordsFingerprint();
        Api caller = ADMIN.equals(user) ? api : TestAccounts.api(anonymous, user);

        // When the user makes the call
        var answer = caller.call(call.method(), call.path(), call.body());

        // Then an allowed call is answered, a refused one is 403 naming the roles it needs and changes nothing
        if (call.allowed().contains(user)) {
            assertThat(answer.getStatusCode()).as("%s by %s: %s", call, user, answer.getBody())
                    .isNotIn(HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN);
            assertThat(answer.getStatusCode().is5xxServerError()).isFalse();
        } else {
            assertThat(answer.getStatusCode()).as("%s by %s", call, user).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(answer.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .isTrue();
            String detail = answer.getBody().get("detail").asText();
            call.allowed().stream().filter(allowed -> !allowed.equals(ADMIN)).map(ApiRolesTest::groupOf)
                    .forEach(group -> assertThat(detail).contains(group));
            assertThat(detail).contains("camunda-admin").contains(user);
            assertThat(recordsFingerprint()).isEqualTo(before);
        }
    }

    private static String groupOf(String user) {
        return switch (user) {
            case OPERATOR -> "mid_admin";
            case INTEGRATION -> "mid_integration";
            case WORKER -> "mid_worker";
            case MONITOR -> "mid_monitoring";
            default -> throw new IllegalArgumentException(user);
        };
    }

    /** Every record a call could change, in one line. */
    private String recordsFingerprint() {
        return jdbc.sql("""
                SELECT (SELECT string_agg(name || ':' || status, ',' ORDER BY name) FROM ecc_agent)
                    || '|' || (SELECT string_agg(clone_id, ',' ORDER BY clone_id) FROM instance_clone)
                    || '|' || (SELECT string_agg(user_name || ':' || coalesce(password_hash, ''), ',' ORDER BY user_name)
                               FROM sys_user)
                    || '|' || coalesce((SELECT string_agg(state, ',' ORDER BY state) FROM ecc_agent_issue), '')
                """).query(String.class).single();
    }
}
