package io.midwatch.issue.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.midwatch.issue.Finding;
import io.midwatch.issue.diagnosis.CredentialDiagnosis.UserFacts;

/** Each diagnosis names the fault it found, which the metrics count, for MidWatch's users and an instance's alike. */
class CredentialDiagnosisFindingTest {

    private static final UserFacts HEALTHY = new UserFacts(true, false, List.of("mid_server"));

    @Test
    void eachFaultOfAMidWatchUserIsNamedByItsFinding() {
        // Given each fault a MID Server's user can have, and none
        // When it is diagnosed
        // Then the diagnosis names that fault
        assertThat(CredentialDiagnosis.diagnose("mid-1", "u", null, null).finding()).isEqualTo(Finding.UNKNOWN_USER);
        assertThat(CredentialDiagnosis.diagnose("mid-1", "u", new UserFacts(false, false, List.of("mid_server")),
                null).finding()).isEqualTo(Finding.INACTIVE);
        assertThat(CredentialDiagnosis.diagnose("mid-1", "u", new UserFacts(true, true, List.of("mid_server")),
                null).finding()).isEqualTo(Finding.LOCKED_OUT);
        assertThat(CredentialDiagnosis.diagnose("mid-1", "u", new UserFacts(true, false, List.of()), null).finding())
                .isEqualTo(Finding.MISSING_ROLE);
        assertThat(CredentialDiagnosis.diagnose("mid-1", "u", HEALTHY, "WRONG_PASSWORD").finding())
                .isEqualTo(Finding.WRONG_PASSWORD);
        assertThat(CredentialDiagnosis.diagnose("mid-1", "u", HEALTHY, null).finding()).isEqualTo(Finding.NO_FAULT);
    }

    @Test
    void theFaultsOfAnInstanceUserAreNamedAlike() {
        // Given the faults a user on a ServiceNow instance can have, and none
        // When it is diagnosed
        // Then the diagnosis names that fault
        assertThat(CredentialDiagnosis.diagnoseOnInstance("acme", "mid-1", "u", null).finding())
                .isEqualTo(Finding.UNKNOWN_USER);
        assertThat(CredentialDiagnosis.diagnoseOnInstance("acme", "mid-1", "u",
                new UserFacts(true, true, List.of("mid_server"))).finding()).isEqualTo(Finding.LOCKED_OUT);
        assertThat(CredentialDiagnosis.diagnoseOnInstance("acme", "mid-1", "u",
                new UserFacts(true, false, List.of("mid_server"), true, null, null, null, null)).finding())
                .isEqualTo(Finding.PASSWORD_NEEDS_RESET);
        assertThat(CredentialDiagnosis.diagnoseOnInstance("acme", "mid-1", "u",
                new UserFacts(true, false, List.of("itil"))).finding()).isEqualTo(Finding.MISSING_ROLE);
        assertThat(CredentialDiagnosis.diagnoseOnInstance("acme", "mid-1", "u", HEALTHY).finding())
                .isEqualTo(Finding.NO_FAULT);
    }
}
