package io.midwatch.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.midwatch.clone.CloneCheckProcess;
import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;

/** R12 on PostgreSQL: heartbeats as the MID Server's own user, login failures, silence, and R7 on the way Up. */
class HeartbeatTest extends PostgresIntegrationTest {

    private static final Instant T0 = Instant.parse("2026-11-04T09:00:00Z");

    @BeforeEach
    void givenAMidServerAndItsUser() {
        ClockUtil.setCurrentTime(Date.from(T0));
        user("mid.user", Map.of("password", "right-password", "roles", List.of("mid_server")));
        api.post("/api/mid-servers", Api.midServer("mid-hb", "mid.user", "Down"));
    }

    @Test
    void R12_aGoodLoginSetsTheMidServerUpAndRefreshesIt() {
        var answer = heartbeat("mid-hb", "mid.user", "right-password");

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().get("previousStatus").asText()).isEqualTo("Down");
        assertThat(answer.getBody().get("status").asText()).isEqualTo("Up");
        JsonNode midServer = api.get("/api/mid-servers/mid-hb").getBody();
        assertThat(midServer.get("status").asText()).isEqualTo("Up");
        assertThat(midServer.get("lastRefreshed").asText()).isEqualTo(T0.toString());
        assertThat(midServer.get("lastLoginFailure").isNull()).isTrue();
    }

    @Test
    void R12_aWrongPasswordIs401AndSetsTheMidServerDownWithTheReason() {
        heartbeat("mid-hb", "mid.user", "right-password");

        var answer = heartbeat("mid-hb", "mid.user", "copied-from-production");

        assertRefused(answer);
        assertThat(api.get("/api/mid-servers/mid-hb").getBody().get("status").asText()).isEqualTo("Down");
        assertThat(lastLoginFailure()).isEqualTo("401 Unauthorized: Invalid password for user 'mid.user': login rejected");
    }

    @Test
    void R12_anUnknownUserIsRecordedAsSuch() {
        api.post("/api/mid-servers", Api.midServer("mid-ghost", "ghost.user", "Up"));

        assertRefused(heartbeat("mid-ghost", "ghost.user", "any"));

        JsonNode midServer = api.get("/api/mid-servers/mid-ghost").getBody();
        assertThat(midServer.get("status").asText()).isEqualTo("Down");
        assertThat(midServer.get("lastLoginFailure").asText()).contains("User 'ghost.user' not found");
    }

    @Test
    void R12_aMissingRoleIsRecordedAsSuch() {
        user("mid.user", Map.of("roles", List.of("itil")));

        assertRefused(heartbeat("mid-hb", "mid.user", "right-password"));

        assertThat(lastLoginFailure()).contains("does not have the role mid_server");
    }

    @Test
    void R12_aLockedOutUserIsRecordedAsSuch() {
        user("mid.user", Map.of("lockedOut", true));

        assertRefused(heartbeat("mid-hb", "mid.user", "right-password"));

        assertThat(lastLoginFailure()).contains("is locked out");
    }

    @Test
    void R12_anInactiveUserIsRecordedAsSuch() {
        user("mid.user", Map.of("active", false));

        assertRefused(heartbeat("mid-hb", "mid.user", "right-password"));

        assertThat(lastLoginFailure()).contains("is not active");
    }

    @Test
    void R12_theRefusalDoesNotSayWhichPartWasWrong() {
        api.post("/api/mid-servers", Api.midServer("mid-ghost", "ghost.user", "Up"));

        var wrongPassword = heartbeat("mid-hb", "mid.user", "wrong");
        var unknownUser = heartbeat("mid-ghost", "ghost.user", "wrong");

        assertThat(wrongPassword.getBody()).isEqualTo(unknownUser.getBody());
    }

    @Test
    void aHeartbeatWithoutCredentialsIs401AndChangesNothing() {
        var answer = anonymous.postForEntity("/api/mid-servers/mid-hb/heartbeat", null, JsonNode.class);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(answer.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic");
        assertThat(api.get("/api/mid-servers/mid-hb").getBody().get("lastLoginFailure").isNull()).isTrue();
    }

    @Test
    void aHeartbeatWithAnotherUsersCredentialsIs401AndChangesNothing() {
        user("other.user", Map.of("password", "other-password", "roles", List.of("mid_server")));

        assertRefused(heartbeat("mid-hb", "other.user", "other-password"));

        JsonNode midServer = api.get("/api/mid-servers/mid-hb").getBody();
        assertThat(midServer.get("status").asText()).isEqualTo("Down");
        assertThat(midServer.get("lastLoginFailure").isNull()).isTrue();
        assertThat(midServer.get("lastRefreshed").isNull()).isTrue();
    }

    @Test
    void R12_aMidServerSilentLongerThanTheTimeoutIsSetDown() {
        heartbeat("mid-hb", "mid.user", "right-password");
        api.post("/api/mid-servers", Api.midServer("mid-recent", "mid.user", "Up"));
        ClockUtil.setCurrentTime(Date.from(T0.plus(Duration.ofMinutes(4))));
        heartbeat("mid-recent", "mid.user", "right-password");

        ClockUtil.setCurrentTime(Date.from(T0.plus(Duration.ofMinutes(5)).plusSeconds(1)));
        runHeartbeatCheck();

        assertThat(api.get("/api/mid-servers/mid-hb").getBody().get("status").asText()).isEqualTo("Down");
        assertThat(api.get("/api/mid-servers/mid-recent").getBody().get("status").asText()).isEqualTo("Up");
    }

    @Test
    void R7_R12_aHeartbeatThatBringsAMidServerUpResolvesItsCloneIssue() {
        // Given a Down MID Server with an open clone issue
        String check = api.post("/api/clones", Map.of("cloneId", "clone-hb", "sourceInstance", "prod",
                "targetInstance", "test")).getBody().get("processInstanceId").asText();
        managementService.executeJob(managementService.createJobQuery().processInstanceId(check)
                .activityId(CloneCheckProcess.TIMER_FIRST_PASS).singleResult().getId());
        String issueId = api.get("/api/mid-servers/mid-hb/issues").getBody().get(0).get("id").asText();

        // When it logs in again
        var answer = heartbeat("mid-hb", "mid.user", "right-password");

        // Then its issue is Resolved and its process ended
        assertThat(answer.getBody().get("resolvedIssues")).extracting(JsonNode::asText).containsExactly(issueId);
        JsonNode issue = api.get("/api/issues/" + issueId).getBody();
        assertThat(issue.get("state").asText()).isEqualTo("Resolved");
        assertThat(issue.get("resolvedAt").asText()).isEqualTo(T0.toString());
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(issueId).count()).isZero();
    }

    private void runHeartbeatCheck() {
        var job = managementService.createJobQuery().processDefinitionKey(HeartbeatCheckProcess.PROCESS_KEY)
                .activityId(HeartbeatCheckProcess.TIMER_HEARTBEAT_CHECK).singleResult();
        managementService.executeJob(job.getId());
    }

    private ResponseEntity<JsonNode> heartbeat(String midServer, String userName, String password) {
        return anonymous.withBasicAuth(userName, password)
                .postForEntity("/api/mid-servers/" + midServer + "/heartbeat", null, JsonNode.class);
    }

    private void user(String userName, Map<String, Object> change) {
        assertThat(api.put("/api/users/" + userName, change).getStatusCode().is2xxSuccessful()).isTrue();
    }

    private String lastLoginFailure() {
        return api.get("/api/mid-servers/mid-hb").getBody().get("lastLoginFailure").asText();
    }

    private static void assertRefused(ResponseEntity<JsonNode> answer) {
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(answer.getBody().get("detail").asText()).isEqualTo("Login refused");
    }
}
