package io.midwatch.issue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.midwatch.support.PostgresIntegrationTest;

/**
 * R11: the diagnosis worker compares the MID Server user in {@code sys_user} with what the MID Server
 * needs and writes one line on the issue, which the verification task shows. One test per cause.
 */
class DiagnosisTest extends PostgresIntegrationTest {

    private IssueFixtures given;

    @BeforeEach
    void fixtures() {
        given = new IssueFixtures(api, runtimeService, taskService, managementService, historyService);
    }

    @Test
    void R11_aMidServerUserThatDoesNotExistIsDiagnosedAsUnknown() {
        // Given a Down MID Server whose user does not exist
        given.midServer("mid-east", "ghost.user", "Down");

        // When a clone's pass logs its issue and the worker diagnoses it
        String diagnosis = diagnosisAfterAPass("mid-east");

        // Then the diagnosis says the user does not exist
        assertThat(diagnosis).doesNotStartWith("No fault found")
                .contains("'ghost.user'").contains("does not exist");
    }

    @Test
    void R11_anInactiveMidServerUserIsDiagnosedAsInactive() {
        // Given a Down MID Server whose user is inactive
        given.user("mid.east.user", false, false, IssueFixtures.MID_SERVER_ROLE);
        given.midServer("mid-east", "mid.east.user", "Down");

        // When a clone's pass logs its issue and the worker diagnoses it
        String diagnosis = diagnosisAfterAPass("mid-east");

        // Then the diagnosis says the user is inactive
        assertThat(diagnosis).doesNotStartWith("No fault found")
                .contains("'mid.east.user'").contains("inactive");
    }

    @Test
    void R11_aLockedOutMidServerUserIsDiagnosedAsLockedOut() {
        // Given a Down MID Server whose user is locked out
        given.user("mid.east.user", true, true, IssueFixtures.MID_SERVER_ROLE);
        given.midServer("mid-east", "mid.east.user", "Down");

        // When a clone's pass logs its issue and the worker diagnoses it
        String diagnosis = diagnosisAfterAPass("mid-east");

        // Then the diagnosis says the user is locked out
        assertThat(diagnosis).doesNotStartWith("No fault found")
                .contains("'mid.east.user'").contains("is locked out");
    }

    @Test
    void R11_aMidServerUserWithoutTheRoleMidServerIsDiagnosedAsLackingIt() {
        // Given a Down MID Server whose user has other roles but not mid_server, as a clone may leave it
        given.user("mid.east.user", true, false, "itil", "web_service_admin");
        given.midServer("mid-east", "mid.east.user", "Down");

        // When a clone's pass logs its issue and the worker diagnoses it
        String diagnosis = diagnosisAfterAPass("mid-east");

        // Then the diagnosis names the missing role
        assertThat(diagnosis).doesNotStartWith("No fault found")
                .contains("'mid.east.user'").contains("lacks the role mid_server");
    }

    @Test
    void R11_aLastLoginThatFailedWithAWrongPasswordIsDiagnosedAsAWrongPassword() {
        // Given a Down MID Server with a healthy user whose last login failed with a wrong password
        given.healthyUser("mid.east.user");
        given.midServer("mid-east", "mid.east.user", "Down");
        jdbc.sql("UPDATE ecc_agent SET last_login_failure = 'WRONG_PASSWORD', last_login_failure_at = now() "
                + "WHERE name = 'mid-east'").update();

        // When a clone's pass logs its issue and the worker diagnoses it
        String diagnosis = diagnosisAfterAPass("mid-east");

        // Then the diagnosis says the password is wrong and where the right one is
        assertThat(diagnosis).doesNotStartWith("No fault found")
                .contains("mid-east").contains("wrong password").contains("'mid.east.user'");
    }

    @Test
    void R11_aHealthyUserWithoutAFailedLoginIsDiagnosedAsNoFaultFound() {
        // Given a Down MID Server with a healthy user and no failed login recorded
        given.healthyUser("mid.east.user");
        given.midServer("mid-east", "mid.east.user", "Down");

        // When a clone's pass logs its issue and the worker diagnoses it
        String diagnosis = diagnosisAfterAPass("mid-east");

        // Then the diagnosis says no fault was found, and what was checked
        assertThat(diagnosis).startsWith("No fault found").contains("'mid.east.user'");
    }

    @Test
    void R11_theFirstFaultFoundIsTheOneDiagnosed() {
        // Given a Down MID Server whose user is inactive, locked out and without the role mid_server
        given.user("mid.east.user", false, true, "itil");
        given.midServer("mid-east", "mid.east.user", "Down");

        // When a clone's pass logs its issue and the worker diagnoses it
        String diagnosis = diagnosisAfterAPass("mid-east");

        // Then the one line names the first fault a MID Server's login runs into
        assertThat(diagnosis).doesNotStartWith("No fault found")
                .contains("inactive").doesNotContain("locked out").doesNotContain("mid_server");
    }

    /**
     * Runs a clone's first pass, waits for the verification task and returns the issue's diagnosis, after
     * checking it is one line and that the task's description and form show the same one.
     */
    private String diagnosisAfterAPass(String midServer) {
        given.cloneAndFirstPass();
        UUID issueId = UUID.fromString(given.onlyIssueOf(midServer).get("id").asText());
        Task task = given.awaitVerificationTask(issueId);
        JsonNode issue = given.issue(issueId);
        String diagnosis = issue.get("diagnosis").asText();
        assertThat(diagnosis).isNotBlank().doesNotContain("\n");
        assertThat(task.getDescription()).isEqualTo(issue.get("message").asText() + " Diagnosis: " + diagnosis);
        JsonNode form = api.get("/engine-rest/task/" + task.getId() + "/form-variables").getBody();
        assertThat(form.get("diagnosis").get("value").asText()).isEqualTo(diagnosis);
        return diagnosis;
    }
}
