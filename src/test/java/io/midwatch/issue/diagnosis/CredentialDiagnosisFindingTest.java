package io.midwatch.issue.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.midwatch.issue.diagnosis.CredentialDiagnosis.Finding;
import io.midwatch.issue.diagnosis.CredentialDiagnosis.UserFacts;

/** Each diagnosis line is counted under the fault it names, for MidWatch's users and an instance's alike. */
class CredentialDiagnosisFindingTest {

    private static final UserFacts HEALTHY = new UserFacts(true, false, List.of("mid_server"));

    @Test
    void eachLineNamesItsFinding() {
        // Given each fault a MID Server's user can have, and none
        // When its diagnosis line is read back
        // Then the line names that fault
        assertThat(Finding.of(CredentialDiagnosis.diagnose("mid-1", "u", null, null))).isEqualTo(Finding.UNKNOWN_USER);
        assertThat(Finding.of(CredentialDiagnosis.diagnose("mid-1", "u", new UserFacts(false, false, List.of("mid_server")),
                null))).isEqualTo(Finding.INACTIVE);
        assertThat(Finding.of(CredentialDiagnosis.diagnose("mid-1", "u", new UserFacts(true, true, List.of("mid_server")),
                null))).isEqualTo(Finding.LOCKED_OUT);
        assertThat(Finding.of(CredentialDiagnosis.diagnose("mid-1", "u", new UserFacts(true, false, List.of()), null)))
                .isEqualTo(Finding.MISSING_ROLE);
        assertThat(Finding.of(CredentialDiagnosis.diagnose("mid-1", "u", HEALTHY, "WRONG_PASSWORD")))
                .isEqualTo(Finding.WRONG_PASSWORD);
        assertThat(Finding.of(CredentialDiagnosis.diagnose("mid-1", "u", HEALTHY, null))).isEqualTo(Finding.NO_FAULT);
    }

    @Test
    void linesAboutAnInstanceUserNameTheSameFindings() {
        // Given the faults a user on a ServiceNow instance can have, and none
        // When its diagnosis line is read back
        // Then the line names that fault
        assertThat(Finding.of(CredentialDiagnosis.diagnoseOnInstance("acme", "mid-1", "u", null)))
                .isEqualTo(Finding.UNKNOWN_USER);
        assertThat(Finding.of(CredentialDiagnosis.diagnoseOnInstance("acme", "mid-1", "u",
                new UserFacts(true, true, List.of("mid_server"))))).isEqualTo(Finding.LOCKED_OUT);
        assertThat(Finding.of(CredentialDiagnosis.diagnoseOnInstance("acme", "mid-1", "u",
                new UserFacts(true, false, List.of("itil"))))).isEqualTo(Finding.MISSING_ROLE);
        assertThat(Finding.of(CredentialDiagnosis.diagnoseOnInstance("acme", "mid-1", "u", HEALTHY)))
                .isEqualTo(Finding.NO_FAULT);
    }
}
