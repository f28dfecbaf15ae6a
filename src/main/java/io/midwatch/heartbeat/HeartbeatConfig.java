package io.midwatch.heartbeat;

import com.github.benmanes.caffeine.cache.Ticker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.midwatch.user.VerifiedPasswords;

/** The in-memory parts of the heartbeat's check, one of each per node, sized by {@link HeartbeatProperties}. */
@Configuration(proxyBeanMethods = false)
class HeartbeatConfig {

    @Bean
    VerifiedPasswords verifiedPasswords(HeartbeatProperties properties) {
        return new VerifiedPasswords(properties.verifiedPasswordTimeToLive(), System::nanoTime);
    }

    @Bean
    PasswordChecks passwordChecks(HeartbeatProperties properties) {
        return new PasswordChecks(properties.concurrentPasswordChecks(), properties.passwordCheckWait());
    }

    @Bean
    FailedHeartbeats failedHeartbeats(HeartbeatProperties properties) {
        return new FailedHeartbeats(properties.failuresPerMidServer(), properties.failuresPerAddress(),
                properties.failureWindow(), properties.timeout(), Ticker.systemTicker());
    }
}
