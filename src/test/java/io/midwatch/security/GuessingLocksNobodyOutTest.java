package io.midwatch.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.midwatch.issue.DiagnosisWorkerAccount;
import io.midwatch.support.ClientAtAddress;
import io.midwatch.support.PostgresIntegrationTest;

/**
 * Wrong passwords sent from one address never keep the account out at another, and a right password is
 * never counted as a wrong one: strangers cannot lock out the worker or the administrator.
 */
class GuessingLocksNobodyOutTest extends PostgresIntegrationTest {

    /** Topics no model has, so that the calls take no task from the diagnosis worker. */
    private static final String FETCH_AND_LOCK_NOTHING = """
            {"workerId": "probe", "maxTasks": 1, "topics": [{"topicName": "no-such-topic", "lockDuration": 1000}]}""";

    @LocalServerPort
    int port;
    @Autowired
    Accounts accounts;
    @Autowired
    EngineHardening engineHardening;
    @Autowired
    IdentityService identityService;

    @AfterEach
    void forgetTheGuessing() {
        engineHardening.forgetFailedLogins();
    }

    @Test
    void guessesOfTheWorkersPasswordFromOneAddressLeaveItsFetchAndLockAtAnotherAnswering200() {
        DiagnosisWorkerAccount.Credentials worker = accounts.inProcessWorker();
        try (var stranger = new ClientAtAddress(port, "127.0.0.2"); var workerHost = new ClientAtAddress(port, "127.0.0.3")) {
            // Given a stranger at 127.0.0.2 sending ten wrong passwords for the worker's account
            for (int guess = 0; guess < 10; guess++) {
                assertThat(stranger.post("/engine-rest/external-task/fetchAndLock", worker.user(), "guess-" + guess,
                        FETCH_AND_LOCK_NOTHING)).isEqualTo(401);
            }

            // When the worker fetches and locks from its own address, six times at once
            // Then every call is let in
            for (int call = 0; call < 6; call++) {
                assertThat(workerHost.post("/engine-rest/external-task/fetchAndLock", worker.user(), worker.password(),
                        FETCH_AND_LOCK_NOTHING)).as("call %d", call).isEqualTo(200);
            }
        }
    }

    @Test
    void guessesOfTheAdministratorsPasswordFromOneAddressLeaveItWorkingAtAnotherThroughEveryDoor() {
        try (var stranger = new ClientAtAddress(port, "127.0.0.2"); var administrator = new ClientAtAddress(port, "127.0.0.3")) {
            // Given a stranger at 127.0.0.2 sending wrong passwords for the administrator through every door
            for (int guess = 0; guess < 4; guess++) {
                stranger.get("/api/mid-servers", "admin", "guess-" + guess);
                stranger.get("/engine-rest/process-definition", "admin", "guess-" + guess);
                stranger.webappLogin("admin", "guess-" + guess);
            }

            // When the administrator works from 127.0.0.3 right after
            // Then each door lets it in
            assertThat(administrator.get("/api/mid-servers", "admin", ADMIN_PASSWORD)).isEqualTo(200);
            assertThat(administrator.get("/engine-rest/process-definition", "admin", ADMIN_PASSWORD)).isEqualTo(200);
            assertThat(administrator.webappLogin("admin", ADMIN_PASSWORD)).isEqualTo(200);
            // while the stranger's address is held back as the administrator, even with the right password
            assertThat(stranger.get("/api/mid-servers", "admin", ADMIN_PASSWORD)).isEqualTo(401);
        }
    }

    @Test
    void aMistypedPasswordFollowedAtOnceByTheRightOneIsLetInAndCountsNoFurther() {
        try (var administrator = new ClientAtAddress(port, "127.0.0.4")) {
            // Given a mistyped administrator password
            assertThat(administrator.get("/api/mid-servers", "admin", "mistyped")).isEqualTo(401);

            // When the right one follows at once, six times (more than the five failures that hold an address back)
            // Then each is let in, through MidWatch's API and the engine's alike
            for (int retry = 0; retry < 6; retry++) {
                assertThat(administrator.get("/api/mid-servers", "admin", ADMIN_PASSWORD)).as("retry %d", retry)
                        .isEqualTo(200);
                assertThat(administrator.get("/engine-rest/process-definition", "admin", ADMIN_PASSWORD))
                        .as("retry %d", retry).isEqualTo(200);
            }
            // and the mistake no longer counts: four more still leave the address let in
            for (int mistake = 0; mistake < 4; mistake++) {
                administrator.get("/engine-rest/process-definition", "admin", "mistyped");
            }
            assertThat(administrator.get("/engine-rest/process-definition", "admin", ADMIN_PASSWORD)).isEqualTo(200);
        }
    }
}
