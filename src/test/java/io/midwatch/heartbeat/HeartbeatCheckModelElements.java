package io.midwatch.heartbeat;

/**
 * Ids of the elements of {@code bpmn/heartbeat-check.bpmn} that tests wait at or assert on. The names the code itself
 * needs are in {@link HeartbeatCheckProcess}.
 */
public final class HeartbeatCheckModelElements {

    public static final String TIMER_HEARTBEAT_CHECK = "Timer_HeartbeatCheck";
    public static final String TASK_SET_SILENT_DOWN = "Task_SetSilentMidServersDown";
    public static final String END_HEARTBEAT_CHECK_DONE = "End_HeartbeatCheckDone";

    private HeartbeatCheckModelElements() {
    }
}
