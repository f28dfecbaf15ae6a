package io.midwatch.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.midwatch.platform.BasicCredentials;

/** Which callers the API lets in without asking Camunda's identity service again. */
class VerifiedCredentialsTest {

    private static final Duration TIME_TO_LIVE = Duration.ofSeconds(30);
    private static final BasicCredentials ADMIN = new BasicCredentials("admin", "s3cret");
    private static final List<String> GROUPS = List.of("camunda-admin", "mid_admin");

    private final AtomicLong now = new AtomicLong(1_000);
    private final VerifiedCredentials verified = new VerifiedCredentials(TIME_TO_LIVE, now::get);

    @Test
    void theSamePasswordWithinTheTimeToLiveIsLetInWithItsGroups() {
        // Given credentials the identity service accepted
        verified.remember(ADMIN, GROUPS, verified.beforeVerifying());

        // When the same user sends the same password just before the time to live is up
        now.addAndGet(TIME_TO_LIVE.toNanos() - 1);

        // Then its groups are known without asking again
        assertThat(verified.groupsOf(ADMIN)).contains(GROUPS);
    }

    @Test
    void anotherPasswordIsCheckedAgain() {
        // Given the administrator's credentials verified
        verified.remember(ADMIN, GROUPS, verified.beforeVerifying());

        // When another password, or another user with the same password, calls
        // Then neither is taken as verified
        assertThat(verified.groupsOf(new BasicCredentials("admin", "s3cret2"))).isEmpty();
        assertThat(verified.groupsOf(new BasicCredentials("admin2", "s3cret"))).isEmpty();
    }

    @Test
    void onceTheTimeToLiveIsUpTheUserIsCheckedAgain() {
        // Given the administrator's credentials verified
        verified.remember(ADMIN, GROUPS, verified.beforeVerifying());

        // When the time to live has passed
        now.addAndGet(TIME_TO_LIVE.toNanos());

        // Then they are checked again
        assertThat(verified.groupsOf(ADMIN)).isEmpty();
    }

    @Test
    void aFailedAttemptMakesTheNextCallBeCheckedAgain() {
        // Given credentials the identity service accepted
        verified.remember(ADMIN, GROUPS, verified.beforeVerifying());

        // When someone sends a wrong password for that user
        verified.forget("admin");

        // Then even the right password goes to the identity service, which holds the user back for a while
        assertThat(verified.groupsOf(ADMIN)).isEmpty();
    }

    @Test
    void aVerificationBegunBeforeAFailedAttemptIsNotRemembered() {
        // Given a remembered user whose password is being checked again while another call fails
        verified.remember(ADMIN, GROUPS, verified.beforeVerifying());
        now.addAndGet(TIME_TO_LIVE.toNanos());
        long checkBegan = verified.beforeVerifying();
        now.incrementAndGet();
        verified.forget("admin");

        // When the check that began before the failure comes back with success
        verified.remember(ADMIN, GROUPS, checkBegan);

        // Then the failure still stands
        assertThat(verified.groupsOf(ADMIN)).isEmpty();
    }

    @Test
    void aTimeToLiveOfZeroChecksEveryCall() {
        // Given credentials remembered for no time
        var everyCall = new VerifiedCredentials(Duration.ZERO, now::get);

        // When the administrator's are verified
        everyCall.remember(ADMIN, GROUPS, everyCall.beforeVerifying());

        // Then the next call is checked again
        assertThat(everyCall.groupsOf(ADMIN)).isEmpty();
    }
}
