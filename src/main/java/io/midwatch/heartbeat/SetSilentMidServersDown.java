package io.midwatch.heartbeat;

import java.time.Clock;
import java.time.Duration;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.midwatch.midserver.MidServerService;

/**
 * R12: an Up MID Server without a good heartbeat for {@code midwatch.heartbeat.timeout} is set Down. This is
 * the only way a heartbeat's absence or failure sets a MID Server Down: a refused login is recorded, nothing more.
 */
@Component("setSilentMidServersDown")
class SetSilentMidServersDown implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(SetSilentMidServersDown.class);

    private final MidServerService midServers;
    private final Clock clock;
    private final Duration timeout;

    SetSilentMidServersDown(MidServerService midServers, Clock clock, HeartbeatProperties properties) {
        this.midServers = midServers;
        this.clock = clock;
        this.timeout = properties.timeout();
    }

    @Override
    public void execute(DelegateExecution execution) {
        int silent = midServers.setSilentMidServersDown(clock.instant().minus(timeout));
        if (silent > 0) {
            log.info("Set {} MID Server(s) Down: no good heartbeat for {}", silent, timeout);
        }
    }
}
