package io.midwatch.heartbeat;

import static io.midwatch.heartbeat.HeartbeatTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;

/**
 * Wrong heartbeat passwords must not starve everything else: they are checked outside any transaction,
 * and after too many failures of the MID Server's own user (5 a minute by default) or per client address
 * (20) they are answered 429 with {@code Retry-After} without checking, except from an address that beat
 * well for that MID Server lately. Each test has MID Server names and client addresses of its own (the
 * counts last a minute, across tests).
 */
class HeartbeatThrottlingTest extends PostgresIntegrationTest {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    HeartbeatProperties properties;

    @BeforeEach
    void givenAUserOfMidServers() {
        api.put("/api/users/mid.user", Map.of("password", "right-password", "roles", List.of("mid_server")));
    }

    @Test
    void R12_afterTooManyFailuresOfItsUserAMidServersHeartbeatsAre429WithoutCheckingFromAddressesThatNeverBeatWell() {
        // Given a MID Server whose heartbeats with its own user failed as often as allowed within the window
        api.post("/api/mid-servers", Api.midServer("mid-throttled", "mid.user", "Down"));
        HeartbeatClient stranger = newClient();
        for (int i = 0; i < properties.failuresPerMidServer(); i++) {
            assertRefused(stranger.beat("mid-throttled", "mid.user", "guess-" + i));
        }

        // When the next heartbeat comes from an address that never beat well for it, with the right password
        var answer = newClient().beat("mid-throttled", "mid.user", "right-password");

        // Then it is refused without being checked: 429 with a time to come back, and nothing recorded
        assertThat(answer.status()).isEqualTo(429);
        assertThat(Long.parseLong(answer.header("Retry-After"))).isBetween(1L, properties.failureWindow().toSeconds());
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("status").asInt()).isEqualTo(429);
        assertThat(answer.json().get("detail").asText()).isEqualTo("Too many failed logins; try again later");
        JsonNode midServer = api.get("/api/mid-servers/mid-throttled").getBody();
        assertThat(midServer.get("status").asText()).isEqualTo("Down");
        assertThat(midServer.get("lastRefreshed").isNull()).isTrue();
    }

    @Test
    void R12_strangersWrongHeartbeatsDoNotRefuseTheMidServersOwnHeartbeatAfterItsPasswordChanged() {
        // Given a MID Server that beat well from its host
        api.put("/api/users/mid.own", Map.of("password", "old-password", "roles", List.of("mid_server")));
        api.post("/api/mid-servers", Api.midServer("mid-own", "mid.own", "Down"));
        HeartbeatClient host = newClient();
        assertThat(host.beat("mid-own", "mid.own", "old-password").status()).isEqualTo(200);
        // and a stranger elsewhere whose wrong heartbeats for it trip every limit: other user names first, then
        // wrong passwords of its user
        HeartbeatClient stranger = newClient();
        for (int i = 0; i < properties.failuresPerAddress() - properties.failuresPerMidServer(); i++) {
            stranger.beat("mid-own", "someone-" + i, "guess");
        }
        for (int i = 0; i < properties.failuresPerMidServer(); i++) {
            stranger.beat("mid-own", "mid.own", "guess-" + i);
        }

        // When its user's password changes, and the MID Server's next heartbeat with the new one comes from its host
        assertThat(api.put("/api/users/mid.own", Map.of("password", "new-password")).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        var answer = host.beat("mid-own", "mid.own", "new-password");

        // Then it is checked and let in, and the MID Server is Up
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("status").asText()).isEqualTo("Up");
        assertThat(api.get("/api/mid-servers/mid-own").getBody().get("status").asText()).isEqualTo("Up");
        // while the stranger is still refused without checking, for this MID Server and for any other
        assertThat(stranger.beat("mid-own", "mid.own", "another-guess").status()).isEqualTo(429);
        assertThat(stranger.beat("mid-unknown", "mid.own", "another-guess").status()).isEqualTo(429);
    }

    @Test
    void R12_failedHeartbeatsWithOtherUserNamesDoNotCountForTheMidServer() {
        // Given a MID Server that never beat, and a stranger whose heartbeats for it failed as often as a MID
        // Server's may, each under another user name
        api.post("/api/mid-servers", Api.midServer("mid-named", "mid.user", "Down"));
        HeartbeatClient stranger = newClient();
        for (int i = 0; i < properties.failuresPerMidServer(); i++) {
            assertRefused(stranger.beat("mid-named", "someone-" + i, "guess"));
        }

        // When its first heartbeat comes from another address
        var answer = newClient().beat("mid-named", "mid.user", "right-password");

        // Then it is checked and let in
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("status").asText()).isEqualTo("Up");
    }

    @Test
    void R12_afterTooManyFailuresFromOneAddressItsHeartbeatsAre429ButOtherAddressesPass() {
        // Given an address whose heartbeats failed as often as allowed, each for another MID Server
        api.post("/api/mid-servers", Api.midServer("mid-elsewhere", "mid.user", "Down"));
        HeartbeatClient stranger = newClient();
        for (int i = 0; i < properties.failuresPerAddress(); i++) {
            assertRefused(stranger.beat("mid-unknown-" + i, "mid.user", "guess"));
        }

        // When heartbeats with the right password come from that address and from another one
        var fromThere = stranger.beat("mid-elsewhere", "mid.user", "right-password");
        var fromElsewhere = newClient().beat("mid-elsewhere", "mid.user", "right-password");

        // Then the one from that address is refused without checking, the other passes
        assertThat(fromThere.status()).isEqualTo(429);
        assertThat(fromThere.header("Retry-After")).isNotBlank();
        assertThat(fromElsewhere.status()).isEqualTo(200);
        assertThat(fromElsewhere.json().get("status").asText()).isEqualTo("Up");
    }

    @Test
    void R12_aHeartbeatRefusedWithoutCheckingWaitsForNoLockOfItsMidServer() {
        // Given a MID Server whose heartbeats are refused for now
        api.post("/api/mid-servers", Api.midServer("mid-locked", "mid.user", "Up"));
        HeartbeatClient stranger = newClient();
        for (int i = 0; i < properties.failuresPerMidServer(); i++) {
            assertRefused(stranger.beat("mid-locked", "mid.user", "guess-" + i));
        }

        // When its row is locked by a status change in progress, and another heartbeat comes
        Integer status = new TransactionTemplate(transactionManager).execute(transaction -> {
            jdbc.sql("SELECT id FROM ecc_agent WHERE name = 'mid-locked' FOR UPDATE").query(Long.class).single();
            return newClient().beat("mid-locked", "mid.user", "guess").status();
        });

        // Then it is answered while the lock is held
        assertThat(status).isEqualTo(429);
    }

    @Test
    void R12_whileHeartbeatsAreAbusedOtherTrafficKeepsWorkingAndTheConnectionPoolIsNotExhausted() throws Exception {
        // Given a healthy MID Server whose password was verified lately
        api.post("/api/mid-servers", Api.midServer("mid-healthy", "mid.user", "Up"));
        HeartbeatClient healthy = newClient();
        assertThat(healthy.beat("mid-healthy", "mid.user", "right-password").status()).isEqualTo(200);
        HikariPoolMXBean pool = dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();

        // When 24 clients from 24 addresses send heartbeats with wrong passwords as fast as they are answered
        int abusers = 24;
        AtomicBoolean stop = new AtomicBoolean();
        var answers = new ConcurrentLinkedQueue<Integer>();
        AtomicInteger mostConnectionsInUse = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(abusers + 1);
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int a = 0; a < abusers; a++) {
                HeartbeatClient abuser = newClient();
                int id = a;
                running.add(threads.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        answers.add(abuser.beat("mid-abused-" + id + "-" + i, "mid.user", "guess").status());
                    }
                    return null;
                }));
            }
            running.add(threads.submit(() -> {
                while (!stop.get()) {
                    mostConnectionsInUse.accumulateAndGet(pool.getActiveConnections(), Math::max);
                    LockSupport.parkNanos(100_000);
                }
                return null;
            }));
            await().atMost(Duration.ofMinutes(1)).until(() -> answers.size() >= 2 * abusers);

            // Then reading the MID Servers answers as usual, and so does the healthy MID Server's heartbeat
            for (int i = 0; i < 10; i++) {
                var list = api.get("/api/mid-servers");
                assertThat(list.getStatusCode()).isEqualTo(HttpStatus.OK);
                assertThat(list.getBody()).extracting(m -> m.get("name").asText()).contains("mid-healthy");
            }
            assertThat(healthy.beat("mid-healthy", "mid.user", "right-password").status()).isEqualTo(200);
        } finally {
            stop.set(true);
            for (Future<?> thread : running) {
                thread.get();
            }
            threads.shutdown();
        }
        // some connections of the pool were free all along
        assertThat(mostConnectionsInUse.get()).isLessThan(pool.getTotalConnections());
        // the abusers were refused, checked or told to come back, nothing else
        assertThat(answers).isNotEmpty().allSatisfy(status -> assertThat(status).isIn(401, 429, 503));
    }

    /** A client from an address no other test of this class uses. */
    private HeartbeatClient newClient() {
        int n = ADDRESSES.incrementAndGet();
        return new HeartbeatClient(port, "127.0.3." + n);
    }
}
