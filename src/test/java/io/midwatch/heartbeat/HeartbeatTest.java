package io.midwatch.heartbeat;

import static io.midwatch.platform.Timestamps.utc;
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
import org.springframework.beans.factory.annotation.Autowired;
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
    @Autowired
    HeartbeatProperties properties;
    @Autowired
    NodeStarts nodeStarts;

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
        // and no node started lately (a start counts as the latest of all, so set it back as a node's clock would)
        jdbc.sql("UPDATE node_start SET latest_at = :startedAt").param("startedAt", utc(T0.minus(Duration.ofDays(1))))
                .update();
    }

    @Test
    void R12_aGoodLoginSetsTheMidServerUpAndRefreshesIt() {
        // Given a Down MID Server and its user (set up before each test)

        // When it sends a heartbeat with its user's password
        var answer = heartbeat(mid, "mid.user", "right-password");

        // Then the answer is the change from Down to Up
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("previousStatus").asText()).isEqualTo("Down");
        assertThat(answer.json().get("status").asText()).isEqualTo("Up");
        // and the MID Server reads back Up, refreshed now, with no failure on record
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
        // Given a MID Server and its user

        // When two heartbeats come with wrong passwords, then one with the right password of the locked-out user
        heartbeat(mid, "mid.user", "wrong-1");
        heartbeat(mid, "mid.user", "wrong-2");
        user("mid.user", Map.of("password", "right-password", "lockedOut", true));
        heartbeat(mid, "mid.user", "right-password");

        // Then the log has each reason once
        String wrongPassword = "MID Server " + mid + ": 401 Unauthorized: Invalid password for user 'mid.user'";
        String lockedOut = "MID Server " + mid + ": 401 Unauthorized: User 'mid.user' is locked out";
        assertThat(output.getOut().split(wrongPassword, -1)).hasSize(2);
        assertThat(output.getOut().split(lockedOut, -1)).hasSize(2);
    }

    @Test
    void R12_anUnknownUserIsRecordedAsSuch() {
        // Given an Up MID Server whose user does not exist
        String ghost = mid + "-ghost";
        api.post("/api/mid-servers", Api.midServer(ghost, "ghost.user", "Up"));

        // When it sends a heartbeat
        // Then it is refused
        assertRefused(heartbeat(ghost, "ghost.user", "any"));

        // and it stays Up, with the unknown user on record
        JsonNode midServer = midServer(ghost);
        assertThat(midServer.get("status").asText()).isEqualTo("Up");
        assertThat(midServer.get("lastLoginFailure").asText()).contains("User 'ghost.user' not found");
    }

    @Test
    void R12_aMissingRoleIsRecordedAsSuch() {
        // Given a MID Server whose user has lost the role mid_server
        user("mid.user", Map.of("roles", List.of("itil")));

        // When it sends a heartbeat with the right password
        // Then it is refused
        assertRefused(heartbeat(mid, "mid.user", "right-password"));

        // and the reason is on record
        assertThat(lastLoginFailure()).contains("does not have the role mid_server");
    }

    @Test
    void R12_aLockedOutUserIsRecordedAsSuch() {
        // Given a MID Server whose user is locked out
        user("mid.user", Map.of("lockedOut", true));

        // When it sends a heartbeat with the right password
        // Then it is refused
        assertRefused(heartbeat(mid, "mid.user", "right-password"));

        // and the reason is on record
        assertThat(lastLoginFailure()).contains("is locked out");
    }

    @Test
    void R12_anInactiveUserIsRecordedAsSuch() {
        // Given a MID Server whose user is not active
        user("mid.user", Map.of("active", false));

        // When it sends a heartbeat with the right password
        // Then it is refused
        assertRefused(heartbeat(mid, "mid.user", "right-password"));

        // and the reason is on record
        assertThat(lastLoginFailure()).contains("is not active");
    }

    @Test
    void R12_theRefusalDoesNotSayWhichPartWasWrong() {
        // Given a MID Server whose user exists and one whose user does not
        String ghost = mid + "-ghost";
        api.post("/api/mid-servers", Api.midServer(ghost, "ghost.user", "Up"));

        // When each sends a heartbeat with a wrong password
        var wrongPassword = heartbeat(mid, "mid.user", "wrong");
        var unknownUser = heartbeat(ghost, "ghost.user", "wrong");

        // Then both get the same answer but for the path the caller sent, which it knows anyway
        assertThat(wrongPassword.body().replace(ghost, mid)).isEqualTo(unknownUser.body().replace(ghost, mid));
    }

    @Test
    void R12_aHeartbeatWithoutCredentialsIs401AndChangesNothing() {
        // Given a MID Server and its user

        // When a heartbeat comes without credentials
        var answer = anonymous.postForEntity("/api/mid-servers/" + mid + "/heartbeat", null, JsonNode.class);

        // Then it is a 401 that asks for Basic credentials, and no failure is on record
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(answer.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic");
        assertThat(midServer(mid).get("lastLoginFailure").isNull()).isTrue();
    }

    @Test
    void R12_aHeartbeatWithAnotherUsersCredentialsIs401AndChangesNothing() {
        // Given a Down MID Server, and the user of another MID Server
        user("other.user", Map.of("password", "other-password", "roles", List.of("mid_server")));

        // When a heartbeat for it comes with the other user's good credentials
        // Then it is refused
        assertRefused(heartbeat(mid, "other.user", "other-password"));

        // and the MID Server is still Down, neither refreshed nor with a failure on record
        JsonNode midServer = midServer(mid);
        assertThat(midServer.get("status").asText()).isEqualTo("Down");
        assertThat(midServer.get("lastLoginFailure").isNull()).isTrue();
        assertThat(midServer.get("lastRefreshed").isNull()).isTrue();
    }

    @Test
    void R12_aMidServerSilentLongerThanTheTimeoutIsSetDown() {
        // Given a MID Server whose last heartbeat was at T0, and one whose last was 4 minutes later
        heartbeat(mid, "mid.user", "right-password");
        String recent = mid + "-recent";
        api.post("/api/mid-servers", Api.midServer(recent, "mid.user", "Up"));
        ClockUtil.setCurrentTime(Date.from(T0.plus(Duration.ofMinutes(4))));
        heartbeat(recent, "mid.user", "right-password");

        // When the heartbeat check runs just after the 5 minutes' timeout of the first
        ClockUtil.setCurrentTime(Date.from(T0.plus(Duration.ofMinutes(5)).plusSeconds(1)));
        runHeartbeatCheck();

        // Then the silent one is Down, the other still Up
        assertThat(midServer(mid).get("status").asText()).isEqualTo("Down");
        assertThat(midServer(recent).get("status").asText()).isEqualTo("Up");
    }

    @Test
    void R12_aMidServerSilentSinceBeforeANodeStartedIsSetDownOnlyOnceTheFleetCouldHaveBeenVerified() {
        // Given a MID Server whose last good heartbeat was at T0, in a fleet of at least 30 more
        heartbeat(mid, "mid.user", "right-password");
        for (int i = 0; i < 30; i++) {
            api.post("/api/mid-servers", Api.midServer(mid + "-fleet-" + i, "mid.user", "Down"));
        }
        // and a node that started 4 minutes later, after which the fleet needs at least 2 s to be verified
        Instant started = T0.plus(Duration.ofMinutes(4));
        ClockUtil.setCurrentTime(Date.from(started));
        nodeStarts.recordStart();
        Instant graceOver = started.plus(properties.timeout()).plus(fleetVerification());

        // When the heartbeat check runs a second before the timeout has passed since the fleet could be verified
        ClockUtil.setCurrentTime(Date.from(graceOver.minusSeconds(1)));
        runHeartbeatCheck();

        // Then the MID Server is still Up, though its own silence is longer than the timeout
        assertThat(midServer(mid).get("status").asText()).isEqualTo("Up");

        // When the heartbeat check runs a second after that
        ClockUtil.setCurrentTime(Date.from(graceOver.plusSeconds(1)));
        runHeartbeatCheck();

        // Then it is Down
        assertThat(midServer(mid).get("status").asText()).isEqualTo("Down");
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

    /** The fleet's first heartbeats at the configured rate: MID Servers registered through the API send them. */
    private Duration fleetVerification() {
        long fleet = jdbc.sql("SELECT COUNT(*) FROM ecc_agent WHERE instance IS NULL").query(Long.class).single();
        return Duration.ofSeconds(fleet).dividedBy(properties.firstHeartbeatsPerSecond());
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
