package io.midwatch.servicenow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.midwatch.support.MovableClock;

/** The hold-back of one instance's requests after a 429, on a clock the test moves. */
class RetryAfterGateTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-02T09:00:00Z"));
    private final RetryAfterGate gate = new RetryAfterGate(clock);

    @Test
    void requestsGoAtOnceWhileTheInstanceHasNotRateLimitedMidWatch() {
        // Given a gate that no 429 has closed
        // When a request is about to go
        // Then nothing holds it back
        assertThat(gate.holdBack()).isZero();
    }

    @Test
    void noRequestGoesBeforeTheRetryAfterOfA429HasPassed() {
        // Given the instance answered 429 with Retry-After 30 s
        gate.rateLimited(Duration.ofSeconds(30));

        // When requests are about to go 29 s later, and 30 s later
        clock.advance(Duration.ofSeconds(29));
        Duration after29 = gate.holdBack();
        clock.advance(Duration.ofSeconds(1));
        Duration after30 = gate.holdBack();

        // Then the first waits the second left, the second goes
        assertThat(after29).isEqualTo(Duration.ofSeconds(1));
        assertThat(after30).isZero();
    }

    @Test
    void aShorterRetryAfterOfALaterAnswerDoesNotOpenTheGateEarlier() {
        // Given a 429 with Retry-After 60 s, then one of a request already under way with 5 s
        gate.rateLimited(Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(1));
        gate.rateLimited(Duration.ofSeconds(5));

        // When a request is about to go 10 s after the first
        clock.advance(Duration.ofSeconds(9));

        // Then it still waits for the first's Retry-After
        assertThat(gate.holdBack()).isEqualTo(Duration.ofSeconds(50));
    }

    @Test
    void a429WithoutRetryAfterHoldsRequestsBackForAMinute() {
        // Given the instance answered 429 and named no Retry-After
        gate.rateLimited(null);

        // When a request is about to go at once
        // Then it waits a minute
        assertThat(gate.holdBack()).isEqualTo(Duration.ofSeconds(60));
    }
}
