package io.midwatch.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;

import io.midwatch.clone.CloneCheckModelElements;
import io.midwatch.heartbeat.HeartbeatClient.Answer;
import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;

/**
 * R12 on PostgreSQL: heartbeats as the MID Server's own user, failed logins recorded, Down only by the
 * timeout, and R7 on the way Up. Failed heartbeats are counted per MID Server and client address for a
 * minute across tests, so each test has a MID Server name and an address of its own.
 */
@ExtendWith(OutputCaptureExtension.class)
class HeartbeatTest extends PostgresIntegrationTest {

    private static final Instant T0 = Instant.parse("2026-11-04T09:00:00Z");
    private static final AtomicInteger TESTS = new AtomicInteger();

    @LocalServerPort
    int port;

    private String mid;
    private HeartbeatClient midServerHost;

    @BeforeEach
    void givenAMidServerAndItsUser() {
        int test = TESTS.incrementAndGet();
        mid = "mid-hb-" + test;
        midServerHost = new HeartbeatClient(port, "127.0.1." + test);
        ClockUtil.setCurrentTime(Date.from(T0));
        user("mid.user", Map.of("password", "right-password", "roles", List.of("mid_server")));
        api.post("/api/mid-servers", Api.midServer(mid, "mid.user", "Down"));
    }

    @Test
    void R12_aGoodLoginSetsTheMidServerUpAndRefreshesIt() {
        var answer = heartbeat(mid, "mid.user", "right-password");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("previousStatus").asText()).isEqualTo("Down");
        assertThat(answer.json().get("status").asText()).isEqualTo("Up");
        JsonNode midServer = midServer(mid);
        assertThat(midServer.get("status").asText()).isEqualTo("Up");
        assertThat(midServer.get("lastRefreshed").asText()).isEqualTo(T0.toString());
        assertThat(midServer.get("lastLoginFailure").isNull()).isTrue();
    }

    @Test
    void R12_aWrongPasswordIs401AndRecordsTheReasonButLeavesTheStatus() {
        // Given a MID Server that is Up after a good heartbeat
        heartbeat(mid, "mid.user", "right-password");

        // When a heartbeat comes with a wrong password
        var answer = heartbeat(mid, "mid.user", "copied-from-production");

        // Then it is refused, the failed login is recorded in the MID Server's words, and the MID Server stays Up
        assertRefused(answer);
        assertThat(midServer(mid).get("status").asText()).isEqualTo("Up");
        assertThat(lastLoginFailure()).isEqualTo("401 Unauthorized: Invalid password for user 'mid.user': login rejected");
    }

    @Test
    void R12_aStrangersWrongPasswordBetweenTwoGoodHeartbeatsChangesNothing() {
        // Given a MID Server that is Up after a good heartbeat
        heartbeat(mid, "mid.user", "right-password");

        // When a stranger who knows the user name sends a wrong password, and then the MID Server its next heartbeat
        assertRefused(new HeartbeatClient(port, "127.0.1.250").beat(mid, "mid.user", "a-guess"));
        var next = heartbeat(mid, "mid.user", "right-password");

        // Then the MID Server was Up all along, with no failure left on record
        assertThat(next.json().get("previousStatus").asText()).isEqualTo("Up");
        assertThat(next.json().get("status").asText()).isEqualTo("Up");
        assertThat(midServer(mid).get("lastLoginFailure").isNull()).isTrue();
    }

    @Test
    void R12_aMidServerWhoseLoginsKeepFailingIsSetDownByTheHeartbeatTimeout() {
        // Given a MID Server Up after a good heartbeat at T0, whose logins fail from then on
        heartbeat(mid, "mid.user", "right-password");
        ClockUtil.setCurrentTime(Date.from(T0.plus(Duration.ofMinutes(2))));
        heartbeat(mid, "mid.user", "copied-from-production");
        ClockUtil.setCurrentTime(Date.from(T0.plus(Duration.ofMinutes(4))));
        heartbeat(mid, "mid.user", "copied-from-production");
        assertThat(midServer(mid).get("status").asText()).isEqualTo("Up");

        // When the heartbeat check runs after the timeout
        ClockUtil.setCurrentTime(Date.from(T0.plus(Duration.ofMinutes(5)).plusSeconds(1)));
        runHeartbeatCheck();

        // Then it is Down, with the reason its logins failed
        assertThat(midServer(mid).get("status").asText()).isEqualTo("Down");
        assertThat(lastLoginFailure()).contains("Invalid password for user 'mid.user'");
    }

    @Test
    void R12_aFailedLoginIsLoggedOncePerNewReason(CapturedOutput output) {
        heartbeat(mid, "mid.user", "wrong-1");
        heartbeat(mid, "mid.user", "wrong-2");
        user("mid.user", Map.of("password", "right-password", "lockedOut", true));
        heartbeat(mid, "mid.user", "right-password");

        String wrongPassword = "MID Server " + mid + ": 401 Unauthorized: Invalid password for user 'mid.user'";
        String lockedOut = "MID Server " + mid + ": 401 Unauthorized: User 'mid.user' is locked out";
        assertThat(output.getOut().split(wrongPassword, -1)).hasSize(2);
        assertThat(output.getOut().split(lockedOut, -1)).hasSize(2);
    }

    @Test
    void R12_anUnknownUserIsRecordedAsSuch() {
        String ghost = mid + "-ghost";
        api.post("/api/mid-servers", Api.midServer(ghost, "ghost.user", "Up"));

        assertRefused(heartbeat(ghost, "ghost.user", "any"));

        JsonNode midServer = midServer(ghost);
        assertThat(midServer.get("status").asText()).isEqualTo("Up");
        assertThat(midServer.get("lastLoginFailure").asText()).contains("User 'ghost.user' not found");
    }

    @Test
    void R12_aMissingRoleIsRecordedAsSuch() {
        user("mid.user", Map.of("roles", List.of("itil")));

        assertRefused(heartbeat(mid, "mid.user", "right-password"));

        assertThat(lastLoginFailure()).contains("does not have the role mid_server");
    }

    @Test
    void R12_aLockedOutUserIsRecordedAsSuch() {
        user("mid.user", Map.of("lockedOut", true));

        assertRefused(heartbeat(mid, "mid.user", "right-password"));

        assertThat(lastLoginFailure()).contains("is locked out");
    }

    @Test
    void R12_anInactiveUserIsRecordedAsSuch() {
        user("mid.user", Map.of("active", false));

        assertRefused(heartbeat(mid, "mid.user", "right-password"));

        assertThat(lastLoginFailure()).contains("is not active");
    }

    @Test
    void R12_theRefusalDoesNotSayWhichPartWasWrong() {
        String ghost = mid + "-ghost";
        api.post("/api/mid-servers", Api.midServer(ghost, "ghost.user", "Up"));

        var wrongPassword = heartbeat(mid, "mid.user", "wrong");
        var unknownUser = heartbeat(ghost, "ghost.user", "wrong");

        // the same answer but for the path the caller sent, which it knows anyway
        assertThat(wrongPassword.body().replace(ghost, mid)).isEqualTo(unknownUser.body().replace(ghost, mid));
    }

    @Test
    void R12_aHeartbeatWithoutCredentialsIs401AndChangesNothing() {
        var answer = anonymous.postForEntity("/api/mid-servers/" + mid + "/heartbeat", null, JsonNode.class);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(answer.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic");
        assertThat(midServer(mid).get("lastLoginFailure").isNull()).isTrue();
    }

    @Test
    void R12_aHeartbeatWithAnotherUsersCredentialsIs401AndChangesNothing() {
        user("other.user", Map.of("password", "other-password", "roles", List.of("mid_server")));

        assertRefused(heartbeat(mid, "other.user", "other-password"));

        JsonNode midServer = midServer(mid);
        assertThat(midServer.get("status").asText()).isEqualTo("Down");
        assertThat(midServer.get("lastLoginFailure").isNull()).isTrue();
        assertThat(midServer.get("lastRefreshed").isNull()).isTrue();
    }

    @Test
    void R12_aMidServerSilentLongerThanTheTimeoutIsSetDown() {
        heartbeat(mid, "mid.user", "right-password");
        String recent = mid + "-recent";
        api.post("/api/mid-servers", Api.midServer(recent, "mid.user", "Up"));
        ClockUtil.setCurrentTime(Date.from(T0.plus(Duration.ofMinutes(4))));
        heartbeat(recent, "mid.user", "right-password");

        ClockUtil.setCurrentTime(Date.from(T0.plus(Duration.ofMinutes(5)).plusSeconds(1)));
        runHeartbeatCheck();

        assertThat(midServer(mid).get("status").asText()).isEqualTo("Down");
        assertThat(midServer(recent).get("status").asText()).isEqualTo("Up");
    }

    @Test
    void R7_R12_aHeartbeatThatBringsAMidServerUpResolvesItsCloneIssue() {
        // Given a Down MID Server with an open clone issue
        String check = api.post("/api/clones", Map.of("cloneId", "clone-" + mid, "sourceInstance", "prod",
                "targetInstance", "test")).getBody().get("processInstanceId").asText();
        managementService.executeJob(managementService.createJobQuery().processInstanceId(check)
                .activityId(CloneCheckModelElements.TIMER_FIRST_PASS).singleResult().getId());
        String issueId = api.get("/api/mid-servers/" + mid + "/issues").getBody().get(0).get("id").asText();

        // When it logs in again
        var answer = heartbeat(mid, "mid.user", "right-password");

        // Then its issue is Resolved and its process ended
        assertThat(answer.json().get("resolvedIssues")).extracting(JsonNode::asText).containsExactly(issueId);
        JsonNode issue = api.get("/api/issues/" + issueId).getBody();
        assertThat(issue.get("state").asText()).isEqualTo("Resolved");
        assertThat(issue.get("resolvedAt").asText()).isEqualTo(T0.toString());
        assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(issueId).count()).isZero();
    }

    private void runHeartbeatCheck() {
        var job = managementService.createJobQuery().processDefinitionKey(HeartbeatCheckProcess.PROCESS_KEY)
                .activityId(HeartbeatCheckModelElements.TIMER_HEARTBEAT_CHECK).singleResult();
        managementService.executeJob(job.getId());
    }

    private Answer heartbeat(String midServer, String userName, String password) {
        return midServerHost.beat(midServer, userName, password);
    }

    private void user(String userName, Map<String, Object> change) {
        assertThat(api.put("/api/users/" + userName, change).getStatusCode().is2xxSuccessful()).isTrue();
    }

    private JsonNode midServer(String name) {
        return api.get("/api/mid-servers/" + name).getBody();
    }

    private String lastLoginFailure() {
        return midServer(mid).get("lastLoginFailure").asText();
    }

    static void assertRefused(Answer answer) {
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("WWW-Authenticate")).startsWith("Basic");
        assertThat(answer.json().get("detail").asText()).isEqualTo("Login refused");
    }
}
