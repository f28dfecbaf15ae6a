package io.midwatch.heartbeat;

import static io.midwatch.platform.Timestamps.utc;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The latest start of any node on the database (R12). A node that starts has verified no MID Server's
 * password yet, so silence from before it says nothing about a MID Server. Recorded when this bean is made,
 * before the heartbeat check, which needs it, can run.
 */
@Component
class NodeStarts implements InitializingBean {

    private final JdbcClient jdbc;
    private final Clock clock;

    NodeStarts(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void afterPropertiesSet() {
        recordStart();
    }

    /** This node starts now: the latest start unless another node's is later. */
    void recordStart() {
        jdbc.sql("UPDATE node_start SET latest_at = :now WHERE id = 1 AND latest_at < :now")
                .param("now", utc(clock.instant()))
                .update();
    }

    Instant latest() {
        return jdbc.sql("SELECT latest_at FROM node_start WHERE id = 1").query(OffsetDateTime.class).single()
                .toInstant();
    }
}
