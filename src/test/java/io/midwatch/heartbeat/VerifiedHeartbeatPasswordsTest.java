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
        // Given a MID Server whose password was verified by a good heartbeat (set up before each test)

        // When a heartbeat comes with a password that differs in one letter
        // Then it is refused
        assertRefused(beat("right-passworD"));

        // and the wrong password is on record
        assertThat(lastLoginFailure()).contains("Invalid password");
    }

    @Test
    void R12_aPasswordChangeThroughTheApiCountsAtTheNextHeartbeat() {
        // Given a MID Server whose password was verified by a good heartbeat (set up before each test)

        // When its user's password is changed through the API
        user(Map.of("password", "new-password"));

        // Then the next heartbeat with the old one is refused as a wrong password, and the new one is let in
        assertRefused(beat("right-password"));
        assertThat(lastLoginFailure()).contains("Invalid password");
        assertThat(beat("new-password").status()).isEqualTo(200);
    }

    @Test
    void R12_aRemovedRoleCountsAtTheNextHeartbeat() {
        // Given a MID Server whose password was verified by a good heartbeat (set up before each test)

        // When its user loses the role mid_server through the API
        user(Map.of("roles", List.of("itil")));

        // Then the next heartbeat with the password verified before is refused, the reason on record
        assertRefused(beat("right-password"));
        assertThat(lastLoginFailure()).contains("does not have the role mid_server");
    }

    @Test
    void R12_aLockOutCountsAtTheNextHeartbeat() {
        // Given a MID Server whose password was verified by a good heartbeat (set up before each test)

        // When its user is locked out through the API
        user(Map.of("lockedOut", true));

        // Then the next heartbeat with the password verified before is refused, the reason on record
        assertRefused(beat("right-password"));
        assertThat(lastLoginFailure()).contains("is locked out");
    }

    @Test
    void R12_aDeactivationCountsAtTheNextHeartbeat() {
        // Given a MID Server whose password was verified by a good heartbeat (set up before each test)

        // When its user is deactivated through the API
        user(Map.of("active", false));

        // Then the next heartbeat with the password verified before is refused, the reason on record
        assertRefused(beat("right-password"));
        assertThat(lastLoginFailure()).contains("is not active");
    }

    @Test
    void R12_aPasswordChangedByAnotherNodeInTheDatabaseCountsAtTheNextHeartbeat() {
        // Given a MID Server whose password was verified by a good heartbeat (set up before each test)

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
        // Given a MID Server whose password was verified by a good heartbeat (set up before each test)

        // When another node sharing the database locks its user out, raising the row's version
        jdbc.sql("UPDATE sys_user SET locked_out = TRUE, version = version + 1 WHERE user_name = 'mid.cached'").update();

        // Then the next heartbeat with the password verified before is refused, the reason on record
        assertRefused(beat("right-password"));
        assertThat(lastLoginFailure()).contains("is locked out");
    }

    @Test
    void R12_aRoleRemovedByAnotherNodeInTheDatabaseCountsAtTheNextHeartbeat() {
        // Given a MID Server whose password was verified by a good heartbeat (set up before each test)

        // When another node sharing the database removes its user's role, raising the row's version
        jdbc.sql("UPDATE sys_user SET version = version + 1 WHERE user_name = 'mid.cached'").update();
        jdbc.sql("DELETE FROM sys_user_role WHERE user_id = (SELECT id FROM sys_user WHERE user_name = 'mid.cached')")
                .update();

        // Then the next heartbeat with the password verified before is refused, the reason on record
        assertRefused(beat("right-password"));
        assertThat(lastLoginFailure()).contains("does not have the role mid_server");
    }

    @Test
    void R12_aDeactivationByAnotherNodeInTheDatabaseCountsAtTheNextHeartbeat() {
        // Given a MID Server whose password was verified by a good heartbeat (set up before each test)

        // When another node sharing the database deactivates its user, raising the row's version
        jdbc.sql("UPDATE sys_user SET active = FALSE, version = version + 1 WHERE user_name = 'mid.cached'").update();

        // Then the next heartbeat with the password verified before is refused, the reason on record
        assertRefused(beat("right-password"));
        assertThat(lastLoginFailure()).contains("is not active");
    }

    @Test
    void R12_aPasswordHashReplacedInTheDatabaseWithoutRaisingTheVersionStillCounts() {
        // Given a MID Server whose password was verified by a good heartbeat (set up before each test)

        // When its user's password hash is replaced in the database, the row's version left as it was
        jdbc.sql("UPDATE sys_user SET password_hash = :hash WHERE user_name = 'mid.cached'")
                .param("hash", passwordEncoder.encode("new-password"))
                .update();

        // Then the next heartbeat with the password verified before is refused
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
        // and a password not verified lately, from an address that never beat well for it, is still refused
        // without checking
        user(Map.of("password", "new-password"));
        assertThat(new HeartbeatClient(port, "127.0.4.201").beat(mid, "mid.cached", "new-password").status())
                .isEqualTo(429);
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
