package io.midwatch.heartbeat;

/** Names of the heartbeat check model ({@code bpmn/heartbeat-check.bpmn}), run every minute by the job executor. */
public final class HeartbeatCheckProcess {

    public static final String PROCESS_KEY = "HeartbeatCheck";

    private HeartbeatCheckProcess() {
    }
}
