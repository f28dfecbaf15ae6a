package io.midwatch.heartbeat;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Ticker;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.midwatch.user.VerifiedPasswords;

/** The in-memory parts of the heartbeat's check, one of each per node, sized by {@link HeartbeatProperties}. */
@Configuration(proxyBeanMethods = false)
class HeartbeatConfig {

    /** Hikari's default, for a data source that does not say. */
    private static final int DEFAULT_POOL_SIZE = 10;

    @Bean
    VerifiedPasswords verifiedPasswords(HeartbeatProperties properties) {
        return new VerifiedPasswords(properties.verifiedPasswordTimeToLive(), System::nanoTime);
    }

    /**
     * BCrypt comparisons as many as configured; database work on at most a third of the connection pool (the
     * job executor's 3 jobs take up to 6 of Hikari's default 10), so that heartbeats, however many, always
     * leave connections to the API, the engine and the diagnosis worker.
     */
    @Bean
    HeartbeatTurns heartbeatTurns(HeartbeatProperties properties, DataSource dataSource) {
        int pool = dataSource instanceof HikariDataSource hikari ? hikari.getMaximumPoolSize() : DEFAULT_POOL_SIZE;
        return new HeartbeatTurns(
                new Turns(properties.concurrentPasswordChecks(), properties.passwordCheckWait(),
                        "Too many logins are being checked at once; try again shortly"),
                new Turns(Math.max(1, pool / 3), properties.passwordCheckWait(),
                        "Too many heartbeats are being recorded at once; try again shortly"));
    }

    /** The turns a heartbeat takes: one for its BCrypt comparison, one for its database work. */
    record HeartbeatTurns(Turns passwordChecks, Turns databaseWork) {
    }

    @Bean
    FailedHeartbeats failedHeartbeats(HeartbeatProperties properties) {
        return new FailedHeartbeats(properties.failuresPerMidServer(), properties.failuresPerAddress(),
                properties.failureWindow(), properties.timeout(), Ticker.systemTicker());
    }
}
