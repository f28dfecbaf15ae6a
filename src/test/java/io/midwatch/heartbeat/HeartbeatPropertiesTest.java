package io.midwatch.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The heartbeat's settings, bound as at start-up: every default in one place, nonsense refused. */
class HeartbeatPropertiesTest {

    @Test
    void whatIsNotSetTakesItsDefault() {
        // Given no heartbeat setting

        // When the settings are bound
        // Then each takes its default
        assertThat(bind(Map.of())).isEqualTo(new HeartbeatProperties(Duration.ofMinutes(5), Duration.ofHours(1), 2,
                Duration.ofSeconds(1), 5, 20, Duration.ofMinutes(1), 15));
    }

    @Test
    void aZeroTimeToLiveIsAllowedAndMeansEveryHeartbeatIsHashed() {
        // Given a verified password's time to live of zero

        // When the settings are bound
        // Then it is taken as it is: nothing verified is remembered
        assertThat(bind(Map.of("verified-password-time-to-live", "PT0S")).verifiedPasswordTimeToLive()).isZero();
    }

    @Test
    void noConcurrentPasswordChecksAreRefusedNamingTheSettings() {
        // Given zero password checks at once

        // When the settings are bound
        // Then they are refused, with the settings' prefix named
        assertThatThrownBy(() -> bind(Map.of("concurrent-password-checks", "0")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("midwatch.heartbeat");
    }

    @Test
    void anEmptyFailureWindowIsRefused() {
        // Given a window of zero for counting failed heartbeats

        // When the settings are bound
        // Then they are refused
        assertThatThrownBy(() -> bind(Map.of("failure-window", "PT0S"))).isInstanceOf(BindException.class);
    }

    @Test
    void aHeartbeatTimeoutOfZeroIsRefused() {
        // Given a heartbeat timeout of zero

        // When the settings are bound
        // Then they are refused
        assertThatThrownBy(() -> bind(Map.of("timeout", "PT0S"))).isInstanceOf(BindException.class);
    }

    @Test
    void noFirstHeartbeatsPerSecondAreRefused() {
        // Given a rate of zero first heartbeats a second

        // When the settings are bound
        // Then they are refused: the fleet could never be verified
        assertThatThrownBy(() -> bind(Map.of("first-heartbeats-per-second", "0"))).isInstanceOf(BindException.class);
    }

    private static HeartbeatProperties bind(Map<String, String> settings) {
        var source = new MapConfigurationPropertySource();
        settings.forEach((name, value) -> source.put("midwatch.heartbeat." + name, value));
        return new Binder(source).bindOrCreate("midwatch.heartbeat", HeartbeatProperties.class);
    }
}
