package io.midwatch.heartbeat;

import static io.midwatch.heartbeat.HeartbeatTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;

import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;

/**
 * A heartbeat whose password BCrypt accepted lately is not hashed again, and yet any change of its user
 * counts at the very next heartbeat: made through the API or straight in the database, as another node
 * sharing it would. Each test has a MID Server name and a client address of its own (failed heartbeats are
 * counted per both for a minute across tests).
 */
class VerifiedHeartbeatPasswordsTest extends PostgresIntegrationTest {

    private static final AtomicInteger TESTS = new AtomicInteger();

    @LocalServerPort
    int port;
    @Autowired
    PasswordEncoder passwordEncoder;

    private String mid;
    private HeartbeatClient midServerHost;

    @BeforeEach
    void givenAMidServerWhosePasswordWasVerifiedByAGoodHeartbeat() {
        int test = TESTS.incrementAndGet();
        mid = "mid-cached-" + test;
        midServerHost = new HeartbeatClient(port, "127.0.4." + test);
        user(Map.of("password", "right-password", "roles", List.of("mid_server")));
        api.post("/api/mid-servers", Api.midServer(mid, "mid.cached", "Up"));
        assertThat(beat("right-password").status()).isEqualTo(200);
        assertThat(beat("right-password").status()).isEqualTo(200);
    }

    @Test
    void R12_aWrongPasswordAfterAVerifiedGoodOneIsRefused() {
        assertRefused(beat("right-passworD"));

        assertThat(lastLoginFailure()).contains("Invalid password");
    }

    @Test
    void R12_aPasswordChangeThroughTheApiCountsAtTheNextHeartbeat() {
        user(Map.of("password", "new-password"));

        assertRefused(beat("right-password"));
        assertThat(lastLoginFailure()).contains("Invalid password");
        assertThat(beat("new-password").status()).isEqualTo(200);
    }

    @Test
    void R12_aRemovedRoleCountsAtTheNextHeartbeat() {
        user(Map.of("roles", List.of("itil")));

        assertRefused(beat("right-password"));
        assertThat(lastLoginFailure()).contains("does not have the role mid_server");
    }

    @Test
    void R12_aLockOutCountsAtTheNextHeartbeat() {
        user(Map.of("lockedOut", true));

        assertRefused(beat("right-password"));
        assertThat(lastLoginFailure()).contains("is locked out");
    }

    @Test
    void R12_aDeactivationCountsAtTheNextHeartbeat() {
        user(Map.of("active", false));

        assertRefused(beat("right-password"));
        assertThat(lastLoginFailure()).contains("is not active");
    }

    @Test
    void R12_aPasswordChangedByAnotherNodeInTheDatabaseCountsAtTheNextHeartbeat() {
        // When another node sharing the database changes the password, as its user service would
        jdbc.sql("UPDATE sys_user SET password_hash = :hash, version = version + 1 WHERE user_name = 'mid.cached'")
                .param("hash", passwordEncoder.encode("new-password"))
                .update();

        // Then this node refuses the old password at once, and accepts the new one
        assertRefused(beat("right-password"));
        assertThat(beat("new-password").status()).isEqualTo(200);
    }

    @Test
    void R12_aLockOutByAnotherNodeInTheDatabaseCountsAtTheNextHeartbeat() {
        jdbc.sql("UPDATE sys_user SET locked_out = TRUE, version = version + 1 WHERE user_name = 'mid.cached'").update();

        assertRefused(beat("right-password"));
        assertThat(lastLoginFailure()).contains("is locked out");
    }

    @Test
    void R12_aRoleRemovedByAnotherNodeInTheDatabaseCountsAtTheNextHeartbeat() {
        jdbc.sql("UPDATE sys_user SET version = version + 1 WHERE user_name = 'mid.cached'").update();
        jdbc.sql("DELETE FROM sys_user_role WHERE user_id = (SELECT id FROM sys_user WHERE user_name = 'mid.cached')")
                .update();

        assertRefused(beat("right-password"));
        assertThat(lastLoginFailure()).contains("does not have the role mid_server");
    }

    @Test
    void R12_aDeactivationByAnotherNodeInTheDatabaseCountsAtTheNextHeartbeat() {
        jdbc.sql("UPDATE sys_user SET active = FALSE, version = version + 1 WHERE user_name = 'mid.cached'").update();

        assertRefused(beat("right-password"));
        assertThat(lastLoginFailure()).contains("is not active");
    }

    @Test
    void R12_aPasswordHashReplacedInTheDatabaseWithoutRaisingTheVersionStillCounts() {
        jdbc.sql("UPDATE sys_user SET password_hash = :hash WHERE user_name = 'mid.cached'")
                .param("hash", passwordEncoder.encode("new-password"))
                .update();

        assertRefused(beat("right-password"));
    }

    @Test
    void R12_aMidServerWhosePasswordWasVerifiedLatelyKeepsLoggingInWhileStrangersHaveItsNameRefused() {
        // Given strangers whose wrong passwords for this MID Server have it refused without checking
        var stranger = new HeartbeatClient(port, "127.0.4.200");
        for (int i = 0; i < 5; i++) {
            assertRefused(stranger.beat(mid, "mid.cached", "guess-" + i));
        }
        assertThat(stranger.beat(mid, "mid.cached", "guess-5").status()).isEqualTo(429);

        // When the MID Server sends its heartbeat with the password verified lately
        var answer = beat("right-password");

        // Then it is let in without a new BCrypt comparison, which would have been refused
        assertThat(answer.status()).isEqualTo(200);
        assertThat(midServer().get("lastLoginFailure").isNull()).isTrue();
        user(Map.of("password", "new-password"));
        assertThat(beat("new-password").status()).isEqualTo(429);
    }

    private HeartbeatClient.Answer beat(String password) {
        return midServerHost.beat(mid, "mid.cached", password);
    }

    private void user(Map<String, Object> change) {
        assertThat(api.put("/api/users/mid.cached", change).getStatusCode().is2xxSuccessful()).isTrue();
    }

    private JsonNode midServer() {
        return api.get("/api/mid-servers/" + mid).getBody();
    }

    private String lastLoginFailure() {
        return midServer().get("lastLoginFailure").asText();
    }
}
