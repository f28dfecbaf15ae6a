package io.midwatch.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

import io.midwatch.security.EngineHardening;
import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;
import io.midwatch.support.TestAccounts;

/** R11 goes on while somebody guesses the administrator's password: the worker logs in as its own account. */
class DiagnosisUnderPasswordGuessingTest extends PostgresIntegrationTest {

    @Autowired
    IdentityService identityService;
    @Autowired
    EngineHardening engineHardening;

    @BeforeEach
    void accounts() {
        TestAccounts.ensure(identityService);
    }

    @AfterEach
    void forgetTheGuessing() {
        engineHardening.forgetFailedLogins();
    }

    @Test
    void R11_theWorkerKeepsDiagnosingWhileTheAdministratorsPasswordIsGuessed() {
        // Given a MID Server user, and somebody on this machine guessing the administrator's password
        new IssueFixtures(api, runtimeService, taskService, managementService, historyService).healthyUser("mid-east.user");
        Api guesser = new Api(anonymous.withBasicAuth("admin", "guess-" + ADMIN_PASSWORD));
        for (int guess = 0; guess < 10; guess++) {
            guesser.get(guess % 2 == 0 ? "/api/mid-servers" : "/engine-rest/task");
        }
        assertThat(api.get("/api/mid-servers").getStatusCode()).as("the administrator is held back")
                .isEqualTo(HttpStatus.UNAUTHORIZED);

        // When an integration reports a Down MID Server and a clone, and the first pass logs its issue
        var integration = new IssueFixtures(TestAccounts.api(anonymous, TestAccounts.INTEGRATION), runtimeService,
                taskService, managementService, historyService);
        integration.midServer("mid-east", "mid-east.user", "Down");
        integration.cloneAndFirstPass();

        // Then the worker, calling from the same address as its own account, diagnoses it all the same
        String diagnosis = await().atMost(IssueFixtures.PATIENCE).until(() -> jdbc
                .sql("SELECT diagnosis FROM ecc_agent_issue WHERE mid_server = (SELECT id FROM ecc_agent WHERE name = :name)")
                .param("name", "mid-east").query(String.class).optional().orElse(null), text -> text != null);
        assertThat(diagnosis).contains("mid-east.user");
        assertThat(TestAccounts.api(anonymous, TestAccounts.OPERATOR).get("/api/issues").getBody().get(0)
                .get("diagnosis").asText()).isEqualTo(diagnosis);
    }
}
