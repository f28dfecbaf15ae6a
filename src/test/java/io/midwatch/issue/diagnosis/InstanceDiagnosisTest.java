package io.midwatch.issue.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import io.midwatch.issue.DiagnosisWorkerAccount;
import io.midwatch.issue.Finding;
import io.midwatch.security.Accounts;
import io.midwatch.servicenow.FakeServiceNow;
import io.midwatch.support.AnotherMidWatch;
import io.midwatch.support.PostgresIntegrationTest;

/**
 * R11 for a MID Server read from a ServiceNow instance: the worker, talking to MidWatch over HTTP only,
 * diagnoses its user as the instance has it, and says that the password cannot be checked from outside.
 */
class InstanceDiagnosisTest extends PostgresIntegrationTest {

    private static FakeServiceNow fake;
    private static ConfigurableApplicationContext midWatch;

    private FakeServiceNow.Instance acmetest;
    private CredentialDiagnosisWorker worker;

    @BeforeAll
    static void start() {
        fake = FakeServiceNow.start();
        midWatch = AnotherMidWatch.start("diagnosis", new String[0],
                "--midwatch.worker.enabled=false", "--camunda.bpm.job-execution.enabled=false",
                "--midwatch.servicenow.scheduled=false",
                "--midwatch.servicenow.instances[0].name=acmetest",
                "--midwatch.servicenow.instances[0].url=" + fake.url("acmetest"),
                "--midwatch.servicenow.instances[0].user=midwatch.reader",
                "--midwatch.servicenow.instances[0].password=reader-pass");
    }

    @AfterAll
    static void stop() {
        midWatch.close();
        fake.close();
    }

    @BeforeEach
    void worker() {
        acmetest = fake.fresh("acmetest");
        acmetest.password = "reader-pass";
        String url = AnotherMidWatch.url(midWatch);
        // the account the worker has in production: group mid_worker, nothing more
        DiagnosisWorkerAccount.Credentials account = midWatch.getBean(Accounts.class).inProcessWorker();
        worker = new CredentialDiagnosisWorker(new MidWatchApiClient(midWatch.getBean(RestClient.Builder.class), url,
                account.user(), account.password()));
    }

    @Test
    void aHealthyUserOnTheInstanceIsReportedCheckedWithThePasswordLeftToCheck() throws Exception {
        // Given the instance's MID Server user is active, not locked out and has mid_server
        acmetest.user("mid.user", true, false, "mid_server");

        // When the worker diagnoses MID Server mid-1 of acmetest
        String diagnosis = worker.diagnose("acmetest", "mid-1", "mid.user").line();

        // Then it says what it checked on the instance and what it could not
        assertThat(diagnosis).startsWith("Checked on instance acmetest: user 'mid.user' exists, is active, is not "
                + "locked out, needs no password reset and has the role mid_server.")
                .contains("password cannot be checked from outside the instance");
    }

    @Test
    void aUserLackingTheRoleOnTheInstanceIsNamedSo() throws Exception {
        // Given the instance's user has lost mid_server, as after a clone from an instance where it lacks it
        acmetest.user("mid.user", true, false, "itil");

        // When the worker diagnoses MID Server mid-1 of acmetest
        // Then it names the missing role on that instance
        assertThat(worker.diagnose("acmetest", "mid-1", "mid.user").line())
                .startsWith("User 'mid.user' lacks the role mid_server on instance acmetest: grant it there.");
    }

    @Test
    void R11_aUserWhosePasswordNeedsResetOnTheInstanceIsNamedSoThoughItHasEverythingElse() throws Exception {
        // Given the instance's user is active, not locked out, has mid_server, but must reset its password
        acmetest.user("mid.user", true, false, "mid_server");
        acmetest.table("sys_user").get(0).put("password_needs_reset", "true");

        // When the worker diagnoses MID Server mid-1 of acmetest
        CredentialDiagnosis.Diagnosis diagnosis = worker.diagnose("acmetest", "mid-1", "mid.user");

        // Then it names that fault, and what to do about it there
        assertThat(diagnosis.finding()).isEqualTo(Finding.PASSWORD_NEEDS_RESET);
        assertThat(diagnosis.line()).startsWith("User 'mid.user' must reset its password on instance acmetest")
                .contains("clear the flag there").contains("mid-1's config.xml");
    }

    @Test
    void R11_theUsersOtherLoginFactsOnTheInstanceAreShownWithoutBeingTakenForFaults() throws Exception {
        // Given the instance's healthy user is for web services only, an internal integration user, has failed
        // three logins since its last, which was at 09:30
        acmetest.user("mid.user", true, false, "mid_server");
        var user = acmetest.table("sys_user").get(0);
        user.put("web_service_access_only", "true");
        user.put("internal_integration_user", "false");
        user.put("failed_attempts", "3");
        user.put("last_login_time", "2026-03-02 09:30:00");

        // When the worker diagnoses MID Server mid-1 of acmetest
        CredentialDiagnosis.Diagnosis diagnosis = worker.diagnose("acmetest", "mid-1", "mid.user");

        // Then no fault is named, and the facts are shown as read
        assertThat(diagnosis.finding()).isEqualTo(Finding.NO_FAULT);
        assertThat(diagnosis.line()).endsWith("Also read, not judged: web service access only: yes, internal"
                + " integration user: no, failed login attempts: 3, last login: 2026-03-02T09:30:00Z.");
    }

    @Test
    void aUserMissingOnTheInstanceIsNamedSo() throws Exception {
        // Given the instance has no such user
        // When the worker diagnoses MID Server mid-1 of acmetest
        // Then it says so
        assertThat(worker.diagnose("acmetest", "mid-1", "mid.user").line())
                .startsWith("User 'mid.user' does not exist on instance acmetest");
    }
}
