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
        assertThat(bind(Map.of())).isEqualTo(new HeartbeatProperties(Duration.ofMinutes(5), Duration.ofHours(1), 2,
                Duration.ofSeconds(1), 5, 20, Duration.ofMinutes(1)));
    }

    @Test
    void aZeroTimeToLiveIsAllowedAndMeansEveryHeartbeatIsHashed() {
        assertThat(bind(Map.of("verified-password-time-to-live", "PT0S")).verifiedPasswordTimeToLive()).isZero();
    }

    @Test
    void noConcurrentChecksOrAnEmptyWindowIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("concurrent-password-checks", "0")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("midwatch.heartbeat");
        assertThatThrownBy(() -> bind(Map.of("failure-window", "PT0S"))).isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind(Map.of("timeout", "PT0S"))).isInstanceOf(BindException.class);
    }

    private static HeartbeatProperties bind(Map<String, String> settings) {
        var source = new MapConfigurationPropertySource();
        settings.forEach((name, value) -> source.put("midwatch.heartbeat." + name, value));
        return new Binder(source).bindOrCreate("midwatch.heartbeat", HeartbeatProperties.class);
    }
}
