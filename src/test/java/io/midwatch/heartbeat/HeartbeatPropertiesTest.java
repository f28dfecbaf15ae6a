package io.midwatch.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The heartbeat's settings: every default in one place, nonsense refused at start-up. */
class HeartbeatPropertiesTest {

    @Test
    void whatIsNotSetTakesItsDefault() {
        var defaults = new HeartbeatProperties(null, null, null, null, null, null, null);

        assertThat(defaults).isEqualTo(new HeartbeatProperties(Duration.ofMinutes(5), Duration.ofHours(1), 2,
                Duration.ofSeconds(1), 5, 20, Duration.ofMinutes(1)));
    }

    @Test
    void aZeroTimeToLiveIsAllowedAndMeansEveryHeartbeatIsHashed() {
        assertThat(new HeartbeatProperties(null, Duration.ZERO, null, null, null, null, null)
                .verifiedPasswordTimeToLive()).isZero();
    }

    @Test
    void noConcurrentChecksOrAnEmptyWindowIsRefused() {
        assertThatThrownBy(() -> new HeartbeatProperties(null, null, 0, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("midwatch.heartbeat");
        assertThatThrownBy(() -> new HeartbeatProperties(null, null, null, null, null, null, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HeartbeatProperties(Duration.ZERO, null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
