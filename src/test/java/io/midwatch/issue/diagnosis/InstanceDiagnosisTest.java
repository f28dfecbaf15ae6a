package io.midwatch.issue.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

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
        Accounts.Credentials account = midWatch.getBean(Accounts.class).inProcessWorker();
        worker = new CredentialDiagnosisWorker(new MidWatchApiClient(url, account.user(), account.password()));
    }

    @Test
    void aHealthyUserOnTheInstanceIsReportedCheckedWithThePasswordLeftToCheck() throws Exception {
        // Given the instance's MID Server user is active, not locked out and has mid_server
        acmetest.user("mid.user", true, false, "mid_server");

        // When the worker diagnoses MID Server mid-1 of acmetest
        String diagnosis = worker.diagnose("acmetest", "mid-1", "mid.user").line();

        // Then it says what it checked on the instance and what it could not
        assertThat(diagnosis).startsWith("Checked on instance acmetest: user 'mid.user' exists, is active, is not "
                + "locked out and has the role mid_server.")
                .contains("password cannot be checked from outside the instance");
    }

    @Test
    void aUserLackingTheRoleOnTheInstanceIsNamedSo() throws Exception {
        // Given the instance's user has lost mid_server, as after a clone from an instance where it lacks it
        acmetest.user("mid.user", true, false, "itil");

        // When the worker diagnoses MID Server mid-1 of acmetest
        // Then it names the missing role on that instance
        assertThat(worker.diagnose("acmetest", "mid-1", "mid.user").line())
                .isEqualTo("User 'mid.user' lacks the role mid_server on instance acmetest: grant it there.");
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
