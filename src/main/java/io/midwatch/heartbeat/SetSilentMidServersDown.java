package io.midwatch.heartbeat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.midwatch.midserver.MidServerService;

/**
 * R12: an Up MID Server without a good heartbeat for {@code midwatch.heartbeat.timeout} is set Down. This is
 * the only way a heartbeat's absence or failure sets a MID Server Down: a refused login is recorded, nothing more.
 *
 * <p>The timeout counts from the later of the MID Server's last good heartbeat and the moment the cluster
 * could have verified it again: the latest node start plus the time the fleet's first heartbeats take at
 * {@code first-heartbeats-per-second}. A restarted node hashes every password anew, and a large fleet
 * queues for that; its silence meanwhile is not the MID Servers' fault.
 */
@Component("setSilentMidServersDown")
class SetSilentMidServersDown implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(SetSilentMidServersDown.class);

    private final MidServerService midServers;
    private final NodeStarts nodeStarts;
    private final Clock clock;
    private final Duration timeout;
    private final int firstHeartbeatsPerSecond;

    SetSilentMidServersDown(MidServerService midServers, NodeStarts nodeStarts, Clock clock,
                            HeartbeatProperties properties) {
        this.midServers = midServers;
        this.nodeStarts = nodeStarts;
        this.clock = clock;
        this.timeout = properties.timeout();
        this.firstHeartbeatsPerSecond = properties.firstHeartbeatsPerSecond();
    }

    @Override
    public void execute(DelegateExecution execution) {
        Instant silentSince = clock.instant().minus(timeout);
        Instant verifiable = nodeStarts.latest().plus(fleetVerification());
        // a MID Server is late once the timeout has passed since both its last good heartbeat and this moment,
        // so none is before the timeout has passed since this moment
        if (!silentSince.isAfter(verifiable)) {
            return;
        }
        int silent = midServers.setSilentMidServersDown(silentSince);
        if (silent > 0) {
            log.info("Set {} MID Server(s) Down: no good heartbeat for {}", silent, timeout);
        }
    }

    private Duration fleetVerification() {
        return Duration.ofSeconds(midServers.countRegistered()).dividedBy(firstHeartbeatsPerSecond);
    }
}
