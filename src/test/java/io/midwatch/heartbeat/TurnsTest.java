package io.midwatch.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** At most so many heartbeats do a costly thing at once; one that gets no turn is told to come back. */
class TurnsTest {

    @Test
    void R12_aComparisonRunsWhenATurnIsFree() {
        // Given one turn, free
        var checks = new Turns(1, Duration.ZERO, "busy");

        // When a comparison that matches, then one that does not, is asked for
        // Then each runs, and its answer is passed on
        assertThat(checks.run(() -> true)).isTrue();
        assertThat(checks.run(() -> false)).isFalse();
    }

    @Test
    void R12_whenEveryTurnIsTakenTheNextIsAnswered503WithRetryAfter() throws Exception {
        // Given one turn, taken by a comparison in progress
        var checks = new Turns(1, Duration.ZERO, "busy");
        var started = new CountDownLatch(1);
        var finish = new CountDownLatch(1);
        CompletableFuture<Boolean> inProgress = CompletableFuture.supplyAsync(() -> checks.run(() -> {
            started.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }));
        started.await();

        // When another comparison is asked for
        // Then it is refused with a time to come back
        assertThatThrownBy(() -> checks.run(() -> true))
                .isInstanceOfSatisfying(TryLaterException.class, refused -> {
                    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
                });

        // and once the turn is free again, comparisons run
        finish.countDown();
        assertThat(inProgress.get()).isTrue();
        assertThat(checks.run(() -> true)).isTrue();
    }
}
