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
    void aFailedAttemptWithTheRememberedPasswordMakesTheNextCallBeCheckedAgain() {
        // Given credentials the identity service accepted
        verified.remember(ADMIN, GROUPS, verified.beforeVerifying());

        // When the same password fails (it was changed meanwhile, or its address is held back)
        verified.failed(ADMIN);

        // Then it goes to the identity service again
        assertThat(verified.groupsOf(ADMIN)).isEmpty();
    }

    @Test
    void aFailedAttemptWithAnotherPasswordLeavesTheRememberedOneBe() {
        // Given credentials the identity service accepted
        verified.remember(ADMIN, GROUPS, verified.beforeVerifying());

        // When somebody sends a wrong password for that user
        verified.failed(new BasicCredentials("admin", "guess"));

        // Then the right one is still let in with its groups, without asking the identity service
        assertThat(verified.groupsOf(ADMIN)).contains(GROUPS);
    }

    @Test
    void aVerificationBegunBeforeALaterOneRememberedDoesNotReplaceIt() {
        // Given two checks of the administrator under way, the later one remembered first with new groups
        long earlierCheck = verified.beforeVerifying();
        now.addAndGet(TIME_TO_LIVE.toNanos() / 2);
        verified.remember(ADMIN, List.of("mid_admin"), verified.beforeVerifying());

        // When the earlier check comes back
        verified.remember(ADMIN, GROUPS, earlierCheck);

        // Then the later one's groups stand, and for the whole time to live from when it began
        now.addAndGet(TIME_TO_LIVE.toNanos() / 2 + 1);
        assertThat(verified.groupsOf(ADMIN)).contains(List.of("mid_admin"));
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
