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
        verified.remember("mid.user", "s3cret", 7, HASH, verified.beforeVerifying());

        now.addAndGet(TIME_TO_LIVE.toNanos() - 1);

        assertThat(verified.remembers("mid.user", "s3cret")).isTrue();
        assertThat(verified.holds("mid.user", "s3cret", 7, HASH)).isTrue();
    }

    @Test
    void anotherPasswordOrAnotherUserDoesNotHold() {
        verified.remember("mid.user", "s3cret", 7, HASH, verified.beforeVerifying());

        assertThat(verified.remembers("mid.user", "s3cret2")).isFalse();
        assertThat(verified.holds("mid.user", "s3cret2", 7, HASH)).isFalse();
        assertThat(verified.holds("mid.user2", "s3cret", 7, HASH)).isFalse();
    }

    @Test
    void aSplitOfTheSameCharactersBetweenUserAndPasswordDoesNotHold() {
        verified.remember("mid", "user:s3cret", 7, HASH, verified.beforeVerifying());

        assertThat(verified.holds("mid", "user:s3cret", 7, HASH)).isTrue();
        assertThat(verified.remembers("midu", "ser:s3cret")).isFalse();
    }

    @Test
    void anyChangeOfTheUserRowMakesItBeCheckedAgain() {
        verified.remember("mid.user", "s3cret", 7, HASH, verified.beforeVerifying());

        assertThat(verified.holds("mid.user", "s3cret", 8, HASH)).isFalse();
        assertThat(verified.holds("mid.user", "s3cret", 7, HASH.replace('a', 'b'))).isFalse();
    }

    @Test
    void onceTheTimeToLiveIsUpItIsCheckedAgain() {
        verified.remember("mid.user", "s3cret", 7, HASH, verified.beforeVerifying());

        now.addAndGet(TIME_TO_LIVE.toNanos());

        assertThat(verified.remembers("mid.user", "s3cret")).isFalse();
        assertThat(verified.holds("mid.user", "s3cret", 7, HASH)).isFalse();
    }

    @Test
    void aVerificationOfAnOlderRowDoesNotHoldForTheNewerOne() {
        // Given a verification that began before the user was changed and ends after a newer one was remembered
        long slowStart = verified.beforeVerifying();
        verified.remember("mid.user", "new", 8, HASH, verified.beforeVerifying());
        verified.remember("mid.user", "old", 7, HASH, slowStart);

        // Then the newer row is checked again rather than taken as verified
        assertThat(verified.holds("mid.user", "old", 8, HASH)).isFalse();
        assertThat(verified.holds("mid.user", "new", 8, HASH)).isFalse();
    }

    @Test
    void aTimeToLiveOfZeroRemembersNothing() {
        var never = new VerifiedPasswords(Duration.ZERO, now::get);

        never.remember("mid.user", "s3cret", 7, HASH, never.beforeVerifying());

        assertThat(never.remembers("mid.user", "s3cret")).isFalse();
    }

    @Test
    void eachNodeHasItsOwnKeySoNothingRememberedMeansAnythingElsewhere() {
        var otherNode = new VerifiedPasswords(TIME_TO_LIVE, now::get);
        verified.remember("mid.user", "s3cret", 7, HASH, verified.beforeVerifying());

        assertThat(otherNode.remembers("mid.user", "s3cret")).isFalse();
    }
}
