package io.midwatch.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Which MID Server logins are taken as verified without a new BCrypt comparison. */
class VerifiedPasswordsTest {

    private static final Duration TIME_TO_LIVE = Duration.ofMinutes(10);
    private static final String HASH = "$2a$10$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234";

    private final AtomicLong now = new AtomicLong(1_000);
    private final VerifiedPasswords verified = new VerifiedPasswords(TIME_TO_LIVE, now::get);

    @Test
    void theSamePasswordForTheSameRowHoldsWithinTheTimeToLive() {
        // Given a password verified for version 7 of a user's row
        rememberVerified();

        // When the same password comes for the same row just before the time to live is up
        now.addAndGet(TIME_TO_LIVE.toNanos() - 1);

        // Then it is remembered and holds
        assertThat(verified.remembers("mid.user", "s3cret")).isTrue();
        assertThat(verified.holds("mid.user", "s3cret", 7, HASH)).isTrue();
    }

    @Test
    void anotherPasswordDoesNotHold() {
        // Given a password verified for a user
        rememberVerified();

        // When another password comes for that user
        // Then it is not remembered and does not hold
        assertThat(verified.remembers("mid.user", "s3cret2")).isFalse();
        assertThat(verified.holds("mid.user", "s3cret2", 7, HASH)).isFalse();
    }

    @Test
    void anotherUserDoesNotHold() {
        // Given a password verified for a user
        rememberVerified();

        // When the same password comes for another user
        // Then it does not hold
        assertThat(verified.holds("mid.user2", "s3cret", 7, HASH)).isFalse();
    }

    @Test
    void aSplitOfTheSameCharactersBetweenUserAndPasswordDoesNotHold() {
        // Given the password "user:s3cret" verified for the user "mid"
        verified.remember("mid", "user:s3cret", 7, HASH, verified.beforeVerifying());

        // When the same characters come split otherwise: user "midu", password "ser:s3cret"
        // Then they are not remembered, while the first split still holds
        assertThat(verified.holds("mid", "user:s3cret", 7, HASH)).isTrue();
        assertThat(verified.remembers("midu", "ser:s3cret")).isFalse();
    }

    @Test
    void aNewVersionOfTheUserRowMakesItBeCheckedAgain() {
        // Given a password verified for version 7 of a user's row
        rememberVerified();

        // When the row is at version 8
        // Then the password does not hold
        assertThat(verified.holds("mid.user", "s3cret", 8, HASH)).isFalse();
    }

    @Test
    void anotherPasswordHashInTheUserRowMakesItBeCheckedAgain() {
        // Given a password verified against the hash in a user's row
        rememberVerified();

        // When the row holds another hash, at the same version
        // Then the password does not hold
        assertThat(verified.holds("mid.user", "s3cret", 7, HASH.replace('a', 'b'))).isFalse();
    }

    @Test
    void onceTheTimeToLiveIsUpItIsCheckedAgain() {
        // Given a password verified for a user's row
        rememberVerified();

        // When the time to live is up
        now.addAndGet(TIME_TO_LIVE.toNanos());

        // Then it is no longer remembered and does not hold
        assertThat(verified.remembers("mid.user", "s3cret")).isFalse();
        assertThat(verified.holds("mid.user", "s3cret", 7, HASH)).isFalse();
    }

    @Test
    void aVerificationOfAnOlderRowDoesNotHoldForTheNewerOne() {
        // Given a verification that began before the user was changed
        long slowStart = verified.beforeVerifying();
        // and a newer row's password remembered meanwhile
        verified.remember("mid.user", "new", 8, HASH, verified.beforeVerifying());

        // When the slow verification of the older row ends
        verified.remember("mid.user", "old", 7, HASH, slowStart);

        // Then the newer row is checked again rather than taken as verified
        assertThat(verified.holds("mid.user", "old", 8, HASH)).isFalse();
        assertThat(verified.holds("mid.user", "new", 8, HASH)).isFalse();
    }

    @Test
    void aTimeToLiveOfZeroRemembersNothing() {
        // Given a time to live of zero
        var never = new VerifiedPasswords(Duration.ZERO, now::get);

        // When a verified password is remembered
        never.remember("mid.user", "s3cret", 7, HASH, never.beforeVerifying());

        // Then it is not
        assertThat(never.remembers("mid.user", "s3cret")).isFalse();
    }

    @Test
    void eachNodeHasItsOwnKeySoNothingRememberedMeansAnythingElsewhere() {
        // Given a password verified on one node
        var otherNode = new VerifiedPasswords(TIME_TO_LIVE, now::get);
        rememberVerified();

        // When the same password comes to another node
        // Then that node does not remember it
        assertThat(otherNode.remembers("mid.user", "s3cret")).isFalse();
    }

    /** The password s3cret of mid.user, verified against version 7 of the user's row with HASH. */
    private void rememberVerified() {
        verified.remember("mid.user", "s3cret", 7, HASH, verified.beforeVerifying());
    }
}
