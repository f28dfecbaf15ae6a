package io.midwatch.heartbeat;

import io.midwatch.user.LoginFailure;

/** Published once a heartbeat of a MID Server's own user is answered whose login failed, by the reason. */
public record HeartbeatRefused(LoginFailure reason) {
}
