package io.midwatch.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import io.midwatch.support.Api;
import io.midwatch.support.PostgresIntegrationTest;

/** Nothing answers anonymously, and guessing passwords neither gets in nor locks anybody out for good. */
class AuthenticationTest extends PostgresIntegrationTest {

    @Autowired
    IdentityService identityService;
    @Autowired
    FilterService filterService;
    @Autowired
    EngineHardening engineHardening;

    @BeforeEach
    void aUserXExists() {
        // /api/users/x must exist, so that a 200 proves the caller got through rather than a 404
        api.put("/api/users/x", Map.of());
    }

    @AfterEach
    void forgetFailedLogins() {
        // MidWatch holds back the address a wrong password came from: the other tests need the administrator
        engineHardening.forgetFailedLogins();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/mid-servers", "/api/users/x", "/engine-rest/process-definition", "/actuator/health"})
    void withoutCredentialsTheAnswerIs401(String path) {
        // Given a caller who sends no credentials

        // When it calls the path
        var answer = anonymous.getForEntity(path, String.class);

        // Then it is turned away
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/mid-servers", "/api/users/x", "/engine-rest/process-definition", "/actuator/health"})
    void withAWrongPasswordTheAnswerIs401(String path) {
        // Given a caller who knows the administrator's name but not the password
        TestRestTemplate guesser = anonymous.withBasicAuth("admin", "not-" + ADMIN_PASSWORD);

        // When it calls the path
        var answer = guesser.getForEntity(path, String.class);

        // Then it is turned away
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/mid-servers", "/api/users/x", "/engine-rest/process-definition"})
    void anUnknownUserIsTurnedAwayWith401(String path) {
        // Given a caller who is no Camunda user at all
        TestRestTemplate stranger = anonymous.withBasicAuth("nobody", ADMIN_PASSWORD);

        // When it calls the path
        var answer = stranger.getForEntity(path, String.class);

        // Then it is turned away
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/mid-servers", "/api/users/x", "/engine-rest/process-definition", "/actuator/health"})
    void theAdministratorIsLetIn(String path) {
        // Given the administrator with the configured password
        TestRestTemplate admin = anonymous.withBasicAuth("admin", ADMIN_PASSWORD);

        // When it calls the path
        var answer = admin.getForEntity(path, String.class);

        // Then it gets its answer
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void theApisRefusalIsAProblemWithABasicChallenge() {
        // Given a caller who sends no credentials

        // When it calls MidWatch's API
        var answer = new Api(anonymous).get("/api/mid-servers");

        // Then the 401 is an RFC 9457 problem and tells the caller to use HTTP Basic
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(answer.getHeaders().getContentType().equalsTypeAndSubtype(MediaType.APPLICATION_PROBLEM_JSON))
                .as("content type %s", answer.getHeaders().getContentType()).isTrue();
        assertThat(answer.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic ");
        assertThat(answer.getBody().get("status").asInt()).isEqualTo(401);
        assertThat(answer.getBody().get("detail").asText()).contains("HTTP Basic");
    }

    @Test
    void aRefusedCallChangesNothing() {
        // Given a caller with a wrong password
        var guesser = new Api(anonymous.withBasicAuth("admin", "not-" + ADMIN_PASSWORD));

        // When it tries to register a MID Server
        var answer = guesser.post("/api/mid-servers", Api.midServer("mid-a", "mid.user", "Up"));

        // Then it is turned away and no MID Server exists
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM ecc_agent").query(Long.class).single()).isZero();
    }

    @Test
    void guessingNeverLocksTheAdministratorForGood() {
        // Given ten wrong passwords for the administrator from this address
        guessTheAdministratorsPassword(10);

        // When the administrator logs in from where nobody guessed
        boolean accepted = identityService.checkPassword("admin", ADMIN_PASSWORD);

        // Then it is let in: Camunda's lock of a user after repeated failures is off
        assertThat(accepted).isTrue();
    }

    @Test
    void anAddressThatGuessedTooOftenIsRefusedEvenTheRightPasswordForAWhile() {
        // Given five wrong passwords for the administrator from this address
        guessTheAdministratorsPassword(5);

        // When the right password comes from the same address
        var answer = anonymous.withBasicAuth("admin", ADMIN_PASSWORD).getForEntity("/api/mid-servers", String.class);

        // Then the address is refused without a check, while the administrator elsewhere is not
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(identityService.checkPassword("admin", ADMIN_PASSWORD)).isTrue();
    }

    private void guessTheAdministratorsPassword(int times) {
        TestRestTemplate guesser = anonymous.withBasicAuth("admin", "not-" + ADMIN_PASSWORD);
        for (int attempt = 0; attempt < times; attempt++) {
            guesser.getForEntity("/api/mid-servers", String.class);
        }
    }

    @Test
    void nobodyCanClaimTheAdministratorsGroupThroughTheWebappsFirstUserPage() {
        // Given MidWatch has started: its administrator existed before the web server took requests

        // When an anonymous caller tries the webapps' set-up of the first administrator
        var answer = anonymous.postForEntity("/camunda/api/admin/setup/default/user/create",
                Map.of("profile", Map.of("id", "intruder", "firstName", "In", "lastName", "Truder"),
                        "credentials", Map.of("password", "Intruder-Pa55")), String.class);

        // Then it is refused and no such user exists
        assertThat(answer.getStatusCode().is2xxSuccessful()).as("answer %s", answer.getStatusCode()).isFalse();
        assertThat(identityService.createUserQuery().userId("intruder").count()).isZero();
    }

    @Test
    void engineFlaw_theFirstUserPageStaysClosedWhenTheAdministratorsGroupIsEmptiedWhileMidWatchRuns() {
        // Given the administrators' group has lost its last member while MidWatch runs
        List<String> administrators = identityService.createUserQuery().memberOfGroup("camunda-admin").list()
                .stream().map(user -> user.getId()).toList();
        administrators.forEach(user -> identityService.deleteMembership(user, "camunda-admin"));
        try {
            // When an anonymous caller tries the webapps' set-up of the first administrator
            var answer = anonymous.postForEntity("/camunda/api/admin/setup/default/user/create",
                    Map.of("profile", Map.of("id", "intruder", "firstName", "In", "lastName", "Truder"),
                            "credentials", Map.of("password", "Intruder-Pa55")), String.class);

            // Then it is refused, says why, and no such user exists
            assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(answer.getBody()).contains("first-user set-up is closed");
            assertThat(identityService.createUserQuery().userId("intruder").count()).isZero();
        } finally {
            administrators.forEach(user -> identityService.createMembership(user, "camunda-admin"));
        }
    }

    @Test
    void anAdministratorPasswordThatCamundasPolicyRefusesStopsTheStartWithTheReason() {
        // Given the administrator
        var admin = identityService.newUser("admin");
        admin.setFirstName("MidWatch");
        admin.setLastName("Administrator");

        // When passwords that Camunda's policy refuses are checked
        // Then each stops the start, naming the variable and the policy
        for (String weak : List.of("admin", "short-1A", "alllowercase-and-long-1", "Contains-admin-1")) {
            assertThatThrownBy(() -> Accounts.requireStrong(identityService, weak, admin))
                    .as(weak).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("MIDWATCH_ADMIN_PASSWORD").hasMessageContaining("policy");
        }
        // and a strong one passes
        Accounts.requireStrong(identityService, ADMIN_PASSWORD, admin);
    }

    @Test
    void theAdministratorIsInTheGroupMidAdmin() {
        // Given MidWatch has started

        // Then the group of the Tasklist tasks exists and the administrator is a member
        assertThat(identityService.createGroupQuery().groupId(Role.OPERATOR.groupId()).count()).isEqualTo(1);
        assertThat(identityService.createUserQuery().userId("admin").memberOfGroup("mid_admin").count())
                .isEqualTo(1);
    }

    @Test
    void tasklistHasTheFilterMidServerIssues() {
        // Given MidWatch has started

        // Then Tasklist offers the filter of the MID Server tasks
        assertThat(filterService.createFilterQuery().filterName("MID Server issues").count()).isEqualTo(1);
    }

    @Test
    void theHealthShowsTheDatabaseAndTheProcessEngineUp() {
        // Given the administrator

        // When it asks for the health
        var answer = new Api(anonymous.withBasicAuth("admin", ADMIN_PASSWORD)).get("/actuator/health");

        // Then MidWatch, its database and its process engine are up
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode health = answer.getBody();
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/processEngine/status").asText()).isEqualTo("UP");
    }
}
